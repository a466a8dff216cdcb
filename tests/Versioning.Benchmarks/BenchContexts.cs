using Microsoft.EntityFrameworkCore;

namespace Versioning.Benchmarks;

/// <summary>The shared shape of the two benchmark contexts.</summary>
public abstract class BenchContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<BenchChannel> Channels => Set<BenchChannel>();
}

/// <summary>Plain EF Core: the stamp columns are ordinary columns that nothing writes unless the application does.</summary>
public sealed class PlainBenchContext(DbContextOptions<PlainBenchContext> options) : BenchContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchChannel>().ToTable("plain_channels");
}

/// <summary>The same table shape with Versioning's change stamps (the context is also built with UseVersioning).</summary>
public sealed class StampedBenchContext(DbContextOptions<StampedBenchContext> options) : BenchContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchChannel>().ToTable("stamped_channels").HasChangeStamps();
}
