using Microsoft.EntityFrameworkCore;
using Versioning.Sample.Scenarios.SalesChannels;

namespace Versioning.Sample;

/// <summary>
/// The one context of the sample. Every scenario keeps its entity configuration next to its entity
/// (an <see cref="IEntityTypeConfiguration{TEntity}"/>), picked up here from the assembly.
/// </summary>
internal sealed class SampleDbContext(DbContextOptions<SampleDbContext> options) : DbContext(options)
{
    public DbSet<SalesChannel> SalesChannels => Set<SalesChannel>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.ApplyConfigurationsFromAssembly(typeof(SampleDbContext).Assembly);
}
