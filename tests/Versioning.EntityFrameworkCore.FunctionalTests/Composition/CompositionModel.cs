using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Composition;

/// <summary>An entity with every strategy that may share one: stamps, soft delete, temporal history and an activity log.</summary>
public class Policy
{
    public int Id { get; set; }

    public string Number { get; set; } = "";

    public decimal Premium { get; set; }
}

/// <summary>
/// Seed 'strategies-guide': a back-office contract with its revisions (audit trail) and its named activities (activity
/// log), which follow the contract's family across revisions.
/// </summary>
public class Contract
{
    public int Id { get; set; }

    public string Number { get; set; } = "";

    public decimal Amount { get; set; }

    public string Status { get; set; } = "draft";
}

/// <summary>A quote replaced by a new record on every update (soft delete's replace-on-update), with an activity log.</summary>
public class Quote
{
    public int Id { get; set; }

    public string Customer { get; set; } = "";

    public decimal Price { get; set; }
}

public class CompositionDb(DbContextOptions<CompositionDb> options) : DbContext(options)
{
    public DbSet<Quote> Quotes => Set<Quote>();

    public DbSet<Policy> Policies => Set<Policy>();

    public DbSet<Contract> Contracts => Set<Contract>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Policy>(b =>
        {
            b.HasChangeStamps().HasSoftDelete().HasTemporalHistory(t => t.ToTable("PolicyHistory")).HasActivityLog();
            b.Property(p => p.Premium).HasPrecision(10, 2);
            b.HasIndex(p => p.Number).IsUnique();
        });
        modelBuilder.Entity<Contract>(b =>
        {
            b.HasChangeStamps().HasAuditTrail().HasActivityLog(log => log.Track(c => c.Status, "STATUS_CHANGE"));
            b.Property(c => c.Amount).HasPrecision(10, 2);
        });
        modelBuilder.Entity<Quote>(b =>
        {
            b.HasSoftDelete(s => s.ReplaceOnUpdate()).HasActivityLog();
            b.Property(q => q.Price).HasPrecision(10, 2);
        });
    }
}
