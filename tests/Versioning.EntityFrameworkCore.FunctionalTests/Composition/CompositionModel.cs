using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Composition;

/// <summary>An entity with every strategy that may share one: stamps, soft delete, temporal history and an activity log.</summary>
public class Policy
{
    public int Id { get; set; }

    public string Number { get; set; } = "";

    public decimal Premium { get; set; }
}

public class CompositionDb(DbContextOptions<CompositionDb> options) : DbContext(options)
{
    public DbSet<Policy> Policies => Set<Policy>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Policy>(b =>
        {
            b.HasChangeStamps().HasSoftDelete().HasTemporalHistory(t => t.ToTable("PolicyHistory")).HasActivityLog();
            b.Property(p => p.Premium).HasPrecision(10, 2);
            b.HasIndex(p => p.Number).IsUnique();
        });
}
