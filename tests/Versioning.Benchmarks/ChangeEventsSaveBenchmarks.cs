using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;

namespace Versioning.Benchmarks;

/// <summary>
/// SaveChanges of N changed product variants: plain EF Core against Versioning's change events (one outbox event per
/// changed entity, the stream version checked and advanced), on two tables in the same database and the same run.
/// Targets (issue 18): at most 1.3x at 1 row, at most 1.0x at 1,000 rows.
/// </summary>
/// <remarks>
/// At 1,000 rows the versioned side's updates are one set-based statement and its events one unnest insert; plain EF
/// sends 1,000 updates in its batches. Only SaveChanges is measured; loading and editing happen in the iteration setup.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class ChangeEventsSaveBenchmarks : VariantSaveBenchmarks<EventsVariantContext>
{
    [Params(1, 1000)]
    public int N { get => Rows; set => Rows = value; }

    [GlobalSetup]
    public void CreateDatabase() => CreateTables();

    [GlobalCleanup]
    public void DisposeServices() => Dispose();

    [IterationSetup(Target = nameof(PlainEfCore))]
    public void LoadPlain() => LoadAndChange<PlainVariantContext>();

    [IterationSetup(Target = nameof(ChangeEvents))]
    public void LoadWithEvents() => LoadAndChange<EventsVariantContext>();

    [IterationCleanup]
    public void EndUnitOfWork() => End();

    [Benchmark(Baseline = true)]
    public int PlainEfCore() => Context!.SaveChanges();

    [Benchmark]
    public int ChangeEvents() => Context!.SaveChanges();
}

public sealed class EventsVariantContext(DbContextOptions<EventsVariantContext> options) : VariantBenchContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchVariant>().ToTable("event_variants").HasChangeEvents();
}
