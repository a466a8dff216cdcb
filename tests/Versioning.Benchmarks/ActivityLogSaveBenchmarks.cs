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
public class ActivityLogSaveBenchmarks
{
    private ServiceProvider? _services;
    private IServiceScope? _unitOfWork;
    private VariantBenchContext? _context;
    private int _iteration;

    [Params(1, 100, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void CreateDatabase()
    {
        var connectionString = BenchmarkDatabase.ConnectionString();
        var services = new ServiceCollection();
        services.AddVersioning(versioning => versioning.UseActorAccessor<BenchActor>());
        services.AddDbContext<PlainVariantContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddDbContext<LoggedVariantContext>(o => o
            .UseNpgsql(connectionString, npgsql => npgsql.UseVersioning())
            .UseSnakeCaseNamingConvention());
        _services = services.BuildServiceProvider();

        using var scope = _services.CreateScope();
        var logged = scope.ServiceProvider.GetRequiredService<LoggedVariantContext>();
        var plain = scope.ServiceProvider.GetRequiredService<PlainVariantContext>();
        logged.Database.EnsureDeleted();
        logged.Database.EnsureCreated();
        plain.GetService<IRelationalDatabaseCreator>().CreateTables();
        plain.Variants.AddRange(NewVariants(BenchmarkDatabase.SeededRows(N)));
        logged.Variants.AddRange(NewVariants(BenchmarkDatabase.SeededRows(N)));
        plain.SaveChanges();
        logged.SaveChanges();
    }

    [GlobalCleanup]
    public void DisposeServices() => _services?.Dispose();

    [IterationSetup(Target = nameof(PlainEfCore))]
    public void LoadPlain() => LoadAndChange<PlainVariantContext>();

    [IterationSetup(Target = nameof(ActivityLog))]
    public void LoadLogged() => LoadAndChange<LoggedVariantContext>();

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
    public int ActivityLog() => _context!.SaveChanges();

    private static IEnumerable<BenchVariant> NewVariants(int rows)
        => Enumerable.Range(1, rows).Select(i => new BenchVariant { Sku = $"SKU-{i}", Price = 10m + i, Stock = i });

    /// <summary>Opens a unit of work that adds N new variants to the plain table (the insert case of --interleaved).</summary>
    public void AddPlain() => AddNew<PlainVariantContext>();

    /// <summary>Opens a unit of work that adds N new variants to the logged table: a CREATE row per logged field each.</summary>
    public void AddLogged() => AddNew<LoggedVariantContext>();

    private void AddNew<TContext>()
        where TContext : VariantBenchContext
    {
        Open<TContext>();
        _iteration++;
        _context!.Variants.AddRange(Enumerable.Range(0, N).Select(i => new BenchVariant { Sku = $"NEW-{_iteration}-{i}", Price = 10m + i, Stock = i }));
    }

    /// <summary>Opens a unit of work on the plain table without loading anything (the bulk case of --interleaved).</summary>
    public void OpenPlain() => Open<PlainVariantContext>();

    /// <summary>Opens a unit of work on the logged table without loading anything (the bulk case of --interleaved).</summary>
    public void OpenLogged() => Open<LoggedVariantContext>();

    /// <summary><c>ExecuteUpdate</c> of the first N variants (both fields), on the unit of work's context.</summary>
    public int BulkUpdate()
    {
        var (n, iteration) = (N, ++_iteration);
        return _context!.Variants.Where(v => v.Id <= n)
            .ExecuteUpdate(s => s.SetProperty(v => v.Price, v => v.Price + 0.01m).SetProperty(v => v.Stock, iteration));
    }

    private void Open<TContext>()
        where TContext : VariantBenchContext
    {
        _unitOfWork = _services!.CreateScope();
        _context = _unitOfWork.ServiceProvider.GetRequiredService<TContext>();
    }

    private void LoadAndChange<TContext>()
        where TContext : VariantBenchContext
    {
        Open<TContext>();
        var variants = _context!.Variants.OrderBy(v => v.Id).Take(N).ToList();

        // New values on every iteration, so both fields of every loaded row really change.
        _iteration++;
        foreach (var variant in variants)
        {
            variant.Price += 0.01m;
            variant.Stock = _iteration;
        }
    }
}

/// <summary>A product variant (seed 'Activity Log Tracking'), mapped identically by both contexts.</summary>
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
