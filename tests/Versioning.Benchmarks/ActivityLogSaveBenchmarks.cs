using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// SaveChanges of N product variants with two changed fields each (price and stock): plain EF Core against
/// Versioning's activity log, which writes two log rows per variant in the same transaction (targets:
/// at most 1.3x at 1 row, 1.4x at 100 and 1,000 rows). Same table shape, same database, same run.
/// </summary>
/// <remarks>
/// Only SaveChanges is timed: each iteration opens a new DI scope and context, loads N tracked rows and changes
/// them in <c>[IterationSetup]</c>. At N = 1 the two log rows ride in EF's own batch; from 16 log rows on they are
/// written by one <c>INSERT … SELECT FROM unnest(...)</c> just before EF commits.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class ActivityLogSaveBenchmarks : VariantSaveBenchmarks<LoggedVariantContext>
{
    [Params(1, 100, 1000)]
    public int N { get => Rows; set => Rows = value; }

    [GlobalSetup]
    public void CreateDatabase() => CreateTables();

    [GlobalCleanup]
    public void DisposeServices() => Dispose();

    [IterationSetup(Target = nameof(PlainEfCore))]
    public void LoadPlain() => LoadAndChange<PlainVariantContext>();

    [IterationSetup(Target = nameof(ActivityLog))]
    public void LoadLogged() => LoadAndChange<LoggedVariantContext>();

    [IterationCleanup]
    public void EndUnitOfWork() => End();

    [Benchmark(Baseline = true)]
    public int PlainEfCore() => Context!.SaveChanges();

    [Benchmark]
    public int ActivityLog() => Context!.SaveChanges();

    public void AddPlain() => AddNew<PlainVariantContext>();

    public void AddLogged() => AddNew<LoggedVariantContext>();

    private void AddNew<TContext>()
        where TContext : VariantBenchContext
    {
        Open<TContext>();
        var iteration = NextIteration();
        Context!.Variants.AddRange(Enumerable.Range(0, N).Select(i => new BenchVariant { Sku = $"NEW-{iteration}-{i}", Price = 10m + i, Stock = i }));
    }

    public void OpenPlain() => Open<PlainVariantContext>();

    public void OpenLogged() => Open<LoggedVariantContext>();

    public int BulkUpdate()
    {
        var (n, iteration) = (N, NextIteration());
        return Context!.Variants.Where(v => v.Id <= n)
            .ExecuteUpdate(s => s.SetProperty(v => v.Price, v => v.Price + 0.01m).SetProperty(v => v.Stock, iteration));
    }
}

/// <summary>
/// What the save benchmarks over product variants share: a plain context and a versioned one
/// (<typeparamref name="TVersioned"/>) over tables of their own in one database, seeded alike, and a unit of work per
/// iteration that loads the first <see cref="Rows"/> variants and changes their price and stock.
/// </summary>
public abstract class VariantSaveBenchmarks<TVersioned>
    where TVersioned : VariantBenchContext
{
    private ServiceProvider? _services;
    private IServiceScope? _unitOfWork;
    private int _iteration;

    protected int Rows { get; set; }

    protected VariantBenchContext? Context { get; private set; }

    protected void CreateTables()
    {
        var connectionString = BenchmarkDatabase.ConnectionString();
        var services = new ServiceCollection();
        services.AddVersioning(versioning => versioning.UseActorAccessor<BenchActor>());
        services.AddDbContext<PlainVariantContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddDbContext<TVersioned>(o => o
            .UseNpgsql(connectionString, npgsql => npgsql.UseVersioning())
            .UseSnakeCaseNamingConvention());
        _services = services.BuildServiceProvider();

        using var scope = _services.CreateScope();
        var versioned = scope.ServiceProvider.GetRequiredService<TVersioned>();
        var plain = scope.ServiceProvider.GetRequiredService<PlainVariantContext>();
        versioned.Database.EnsureDeleted();
        versioned.Database.EnsureCreated();
        plain.GetService<IRelationalDatabaseCreator>().CreateTables();
        plain.Variants.AddRange(NewVariants(BenchmarkDatabase.SeededRows(Rows)));
        versioned.Variants.AddRange(NewVariants(BenchmarkDatabase.SeededRows(Rows)));
        plain.SaveChanges();
        versioned.SaveChanges();
    }

    protected void Dispose() => _services?.Dispose();

    protected void End()
    {
        _unitOfWork?.Dispose();
        _unitOfWork = null;
        Context = null;
    }

    protected int NextIteration() => ++_iteration;

    protected void Open<TContext>()
        where TContext : VariantBenchContext
    {
        _unitOfWork = _services!.CreateScope();
        Context = _unitOfWork.ServiceProvider.GetRequiredService<TContext>();
    }

    protected void LoadAndChange<TContext>()
        where TContext : VariantBenchContext
    {
        Open<TContext>();
        var variants = Context!.Variants.OrderBy(v => v.Id).Take(Rows).ToList();

        // New values on every iteration, so both fields of every loaded row really change.
        var iteration = NextIteration();
        foreach (var variant in variants)
        {
            variant.Price += 0.01m;
            variant.Stock = iteration;
        }
    }

    private static IEnumerable<BenchVariant> NewVariants(int rows)
        => Enumerable.Range(1, rows).Select(i => new BenchVariant { Sku = $"SKU-{i}", Price = 10m + i, Stock = i });
}

public sealed class BenchVariant
{
    public int Id { get; set; }

    public required string Sku { get; set; }

    public decimal Price { get; set; }

    public int Stock { get; set; }
}

/// <summary>The shared shape of the two contexts.</summary>
public abstract class VariantBenchContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<BenchVariant> Variants => Set<BenchVariant>();
}

/// <summary>Plain EF Core.</summary>
public sealed class PlainVariantContext(DbContextOptions<PlainVariantContext> options) : VariantBenchContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchVariant>().ToTable("plain_variants");
}

/// <summary>The same table shape with Versioning's activity log (the context is also built with UseVersioning).</summary>
public sealed class LoggedVariantContext(DbContextOptions<LoggedVariantContext> options) : VariantBenchContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchVariant>().ToTable("logged_variants")
            .HasActivityLog(a => a.Track(v => v.Price, "PRICE_CHANGE").Track(v => v.Stock, "STOCK_ADJUSTMENT"));
}
