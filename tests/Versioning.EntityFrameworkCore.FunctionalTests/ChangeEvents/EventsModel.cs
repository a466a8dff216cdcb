using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeEvents;

public enum DocumentState
{
    Draft,
    Published,
}

/// <summary>Seed 'Chain': a document whose changes are events of its stream; configured by attribute, database-generated key.</summary>
[ChangeEvents]
public class Document
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public decimal Price { get; set; }

    public DocumentState State { get; set; }

    public bool IsPublished { get; set; }

    public DateTime? PublishedAt { get; set; }

    [Redacted]
    public string? Secret { get; set; }

    [NotVersioned]
    public int Views { get; set; }
}

/// <summary>Seed 'Vivatour': a soft-deletable booking with a client key, configured fluently.</summary>
public class Booking
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string Guest { get; set; } = "";

    public int Nights { get; set; }
}

/// <summary>An aggregate that shows its stream version as a CLR property (seed 'Chain': <c>lastEventVersion</c>).</summary>
[ChangeEvents]
public class Ledger
{
    public string Id { get; set; } = "";

    public decimal Balance { get; set; }

    public long StreamVersion { get; set; }
}

/// <summary>TPH: the stream is the root's.</summary>
[ChangeEvents]
public abstract class Asset
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

public class Vehicle : Asset
{
    public int Wheels { get; set; }
}

public class Building : Asset
{
    public int Floors { get; set; }
}

public class EventsDb(DbContextOptions<EventsDb> options) : DbContext(options)
{
    public DbSet<Document> Documents => Set<Document>();

    public DbSet<Booking> Bookings => Set<Booking>();

    public DbSet<Ledger> Ledgers => Set<Ledger>();

    public DbSet<Asset> Assets => Set<Asset>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasProcessedChangeEvents().Entity<Booking>().HasChangeEvents().HasSoftDelete();
        modelBuilder.Entity<Vehicle>();
        modelBuilder.Entity<Building>();
    }
}
