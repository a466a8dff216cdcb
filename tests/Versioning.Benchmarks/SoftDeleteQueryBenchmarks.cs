using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// A <c>Where</c> over 10,000 email addresses of which 10% are deleted: plain EF Core (baseline, returns the deleted
/// rows too), plain EF Core with the application filtering <c>!IsDeleted</c> by hand, and Versioning's named query
/// filter. Target: the filter at most 1.05x the plain query.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[WarmupCount(15)]
public class SoftDeleteQueryBenchmarks
{
    private const int Rows = 10_000;

    private ServiceProvider? _services;
    private IServiceScope? _scope;
    private PlainEmailContext? _plain;
    private SoftDeleteEmailContext? _soft;

    [GlobalSetup]
    public void CreateDatabase()
    {
        _services = SoftDeleteBenchDatabase.BuildServices();
        SoftDeleteBenchDatabase.Recreate(_services);
        using (var seeding = _services.CreateScope())
        {
            var plain = seeding.ServiceProvider.GetRequiredService<PlainEmailContext>();
            plain.Emails.AddRange(SoftDeleteBenchDatabase.NewEmails(Rows, tenthDeleted: true));
            plain.SaveChanges();
            var soft = seeding.ServiceProvider.GetRequiredService<SoftDeleteEmailContext>();
            soft.Emails.AddRange(SoftDeleteBenchDatabase.NewEmails(Rows, tenthDeleted: true));
            soft.SaveChanges();

            // Freshly inserted rows make the first reads write hint bits and start autovacuum during the measurement:
            // settle both tables first, so that the three queries compare steady states.
            plain.Database.ExecuteSqlRaw("VACUUM ANALYZE plain_emails");
            plain.Database.ExecuteSqlRaw("VACUUM ANALYZE soft_emails");
        }

        _scope = _services.CreateScope();
        _plain = _scope.ServiceProvider.GetRequiredService<PlainEmailContext>();
        _soft = _scope.ServiceProvider.GetRequiredService<SoftDeleteEmailContext>();
    }

    [GlobalCleanup]
    public void DisposeServices()
    {
        _scope?.Dispose();
        _services?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int PlainQuery() => _plain!.Emails.AsNoTracking().Where(e => e.Segment == 7).ToList().Count;

    [Benchmark]
    public int PlainQueryFilteredByHand() => _plain!.Emails.AsNoTracking().Where(e => e.Segment == 7 && !e.IsDeleted).ToList().Count;

    [Benchmark]
    public int SoftDeleteFilter() => _soft!.Emails.AsNoTracking().Where(e => e.Segment == 7).ToList().Count;
}
