using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>A postal address, mapped as a complex property (EF's value object): its columns are the customer's.</summary>
public sealed class BenchAddress
{
    public required string Street { get; set; }

    public required string City { get; set; }
}

/// <summary>A customer whose address is a complex property; both contexts map this class.</summary>
public sealed class BenchCustomer
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required BenchAddress Home { get; set; }

    public DateTime ValidFrom { get; set; }

    public int Version { get; set; }
}

/// <summary>Plain EF Core on <c>plain_customers</c>.</summary>
public sealed class PlainCustomerContext(DbContextOptions<PlainCustomerContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchCustomer>(c => c.ToTable("plain_customers").ComplexProperty(x => x.Home));
}

/// <summary>The same shape with temporal history (<c>temporal_customers</c>, its history with the address columns).</summary>
public sealed class TemporalCustomerContext(DbContextOptions<TemporalCustomerContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchCustomer>(c => c.ToTable("temporal_customers").HasTemporalHistory().ComplexProperty(x => x.Home));
}

/// <summary>
/// SaveChanges of N customers whose only change is in a complex property (the city of their address): plain EF Core
/// against temporal history, which also writes one history row per customer with the old address. Own database
/// <c>versioning_bench_complex</c>; both tables start with the same rows.
/// </summary>
/// <remarks>
/// An entity type with complex properties is written by EF's own UPDATE per row (the set-based update of 10 or more
/// rows needs an entry to hold the whole row); the history rows are still one <c>INSERT … SELECT FROM unnest</c>.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class TemporalComplexSaveBenchmarks
{
    private const string DatabaseName = "versioning_bench_complex";
    private ServiceProvider? _services;
    private IServiceScope? _unitOfWork;
    private DbContext? _context;
    private int _iteration;

    [Params(1, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void CreateDatabase()
    {
        _services = BenchContextPair.BuildServices<PlainCustomerContext, TemporalCustomerContext>(DatabaseName);
        BenchContextPair.Recreate<PlainCustomerContext, TemporalCustomerContext>(_services);
        using var scope = _services.CreateScope();
        Seed(scope.ServiceProvider.GetRequiredService<PlainCustomerContext>());
        Seed(scope.ServiceProvider.GetRequiredService<TemporalCustomerContext>());
    }

    [GlobalCleanup]
    public void DisposeServices() => _services?.Dispose();

    [IterationSetup(Target = nameof(PlainEfCore))]
    public void LoadPlain() => LoadAndMove<PlainCustomerContext>();

    [IterationSetup(Target = nameof(TemporalHistory))]
    public void LoadTemporal() => LoadAndMove<TemporalCustomerContext>();

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
    public int TemporalHistory() => _context!.SaveChanges();

    private void Seed(DbContext context)
    {
        var now = DateTime.UtcNow;
        context.Set<BenchCustomer>().AddRange(Enumerable.Range(1, BenchmarkDatabase.SeededRows(N)).Select(i => new BenchCustomer
        {
            Name = $"customer {i}", Home = new BenchAddress { Street = $"{i} Main St", City = "Paris" }, ValidFrom = now, Version = 1,
        }));
        context.SaveChanges();
    }

    private void LoadAndMove<TContext>()
        where TContext : DbContext
    {
        _unitOfWork = _services!.CreateScope();
        _context = _unitOfWork.ServiceProvider.GetRequiredService<TContext>();
        _iteration++;
        foreach (var customer in _context.Set<BenchCustomer>().OrderBy(c => c.Id).Take(N).ToList())
        {
            customer.Home.City = $"city {_iteration}";
        }
    }
}
