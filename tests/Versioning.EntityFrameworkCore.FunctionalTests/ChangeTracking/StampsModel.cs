using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeTracking;

/// <summary>Seed 'Simple Update': sales channels. Stamps are shadow properties here.</summary>
public class SalesChannel
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>Stamps declared as CLR properties, chosen by the attribute.</summary>
[ChangeStamps]
public class Store
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>DateTimeOffset stamps.</summary>
[ChangeStamps]
public class Region
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>No strategy at all.</summary>
public class Note
{
    public int Id { get; set; }

    public string Text { get; set; } = "";
}

public class StampsDb : DbContext
{
    public StampsDb(DbContextOptions<StampsDb> options)
        : base(options)
    {
    }

    protected StampsDb(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<SalesChannel> SalesChannels => Set<SalesChannel>();

    public DbSet<Store> Stores => Set<Store>();

    public DbSet<Region> Regions => Set<Region>();

    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SalesChannel>(b =>
        {
            b.HasChangeStamps();
            b.HasIndex(c => c.Name).IsUnique();
        });
    }
}

/// <summary>
/// Sales channels under EFCore.NamingConventions' snake_case, as the seeds' schemas read. Only this table: SQLite
/// compares table names without case, so the other tables would clash with <see cref="StampsDb"/>'s.
/// </summary>
public class SnakeCaseStampsDb(DbContextOptions<SnakeCaseStampsDb> options) : DbContext(options)
{
    public DbSet<SalesChannel> SalesChannels => Set<SalesChannel>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<SalesChannel>().HasChangeStamps();
}
