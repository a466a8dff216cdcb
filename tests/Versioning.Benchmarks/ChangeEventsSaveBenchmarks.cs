using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

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
public class ChangeEventsSaveBenchmarks
{
    private ServiceProvider? _services;
    private IServiceScope? _unitOfWork;
    private VariantBenchContext? _context;
    private int _iteration;

    [Params(1, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void CreateDatabase()
    {
        var connectionString = BenchmarkDatabase.ConnectionString();
        var services = new ServiceCollection();
        services.AddVersioning(versioning => versioning.UseActorAccessor<BenchActor>());
        services.AddDbContext<PlainVariantContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddDbContext<EventsVariantContext>(o => o
            .UseNpgsql(connectionString, npgsql => npgsql.UseVersioning())
            .UseSnakeCaseNamingConvention());
        _services = services.BuildServiceProvider();

        using var scope = _services.CreateScope();
        var events = scope.ServiceProvider.GetRequiredService<EventsVariantContext>();
        var plain = scope.ServiceProvider.GetRequiredService<PlainVariantContext>();
        events.Database.EnsureDeleted();
        events.Database.EnsureCreated();
        plain.GetService<IRelationalDatabaseCreator>().CreateTables();
        plain.Variants.AddRange(NewVariants(BenchmarkDatabase.SeededRows(N)));
        events.Variants.AddRange(NewVariants(BenchmarkDatabase.SeededRows(N)));
        plain.SaveChanges();
        events.SaveChanges();
    }

    [GlobalCleanup]
    public void DisposeServices() => _services?.Dispose();

    [IterationSetup(Target = nameof(PlainEfCore))]
    public void LoadPlain() => LoadAndChange<PlainVariantContext>();

    [IterationSetup(Target = nameof(ChangeEvents))]
    public void LoadWithEvents() => LoadAndChange<EventsVariantContext>();

    [IterationCleanup]
    public void EndUnitOfWork()
    {
        _unitOfWork?.Dispose();
        _unitOfWork = null;
        _context = null;
    }

    [Benchmark(Baseline = true)]
    public int PlainEfCore() => _context!.SaveChanges();

    [Benchmark]
    public int ChangeEvents() => _context!.SaveChanges();

    private static IEnumerable<BenchVariant> NewVariants(int rows)
        => Enumerable.Range(1, rows).Select(i => new BenchVariant { Sku = $"SKU-{i}", Price = 10m + i, Stock = i });

    private void LoadAndChange<TContext>()
        where TContext : VariantBenchContext
    {
        _unitOfWork = _services!.CreateScope();
        _context = _unitOfWork.ServiceProvider.GetRequiredService<TContext>();
        var variants = _context.Variants.OrderBy(v => v.Id).Take(N).ToList();

        // New values on every iteration, so both fields of every loaded row really change.
        _iteration++;
        foreach (var variant in variants)
        {
            variant.Price += 0.01m;
            variant.Stock = _iteration;
        }
    }
}

public sealed class EventsVariantContext(DbContextOptions<EventsVariantContext> options) : VariantBenchContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchVariant>().ToTable("event_variants").HasChangeEvents();
}
