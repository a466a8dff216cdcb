using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// SaveChanges after changing two fields of N tracked legal entities: plain EF Core's UPDATE against Versioning's audit
/// trail (an UPDATE of is_current on the old row, conditioned on it still being current, plus an INSERT of the new
/// revision, in EF's batch), on tables with the same columns in the same database and run. DESIGN §7 / issue 5 targets:
/// at most 1.5x at 1 row, 2x at 1,000 rows.
/// </summary>
/// <remarks>
/// Only SaveChanges is measured. Each iteration empties its table, inserts N fresh rows, loads them into a new context
/// and changes them in <c>[IterationSetup]</c>, so both sides start from the same rows every time.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class AuditTrailSaveBenchmarks
{
    private ServiceProvider? _services;
    private IServiceScope? _unitOfWork;
    private DbContext? _context;

    [Params(1, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void CreateDatabase()
    {
        _services = AuditTrailBenchDatabase.BuildServices();
        AuditTrailBenchDatabase.Recreate(_services);
    }

    [GlobalCleanup]
    public void DisposeServices() => _services?.Dispose();

    [IterationSetup(Target = nameof(PlainEfCoreUpdate))]
    public void LoadPlain() => LoadAndChange<PlainLegalEntityContext>(db => db.Entities, "TRUNCATE plain_legal_entities");

    [IterationSetup(Target = nameof(AuditTrail))]
    public void LoadAudited() => LoadAndChange<AuditTrailLegalEntityContext>(db => db.Entities, "TRUNCATE audit_legal_entities");

    [IterationCleanup]
    public void EndUnitOfWork()
    {
        _unitOfWork?.Dispose();
        _unitOfWork = null;
        _context = null;
    }

    [Benchmark(Baseline = true)]
    public int PlainEfCoreUpdate() => _context!.SaveChanges();

    [Benchmark]
    public int AuditTrail() => _context!.SaveChanges();

    private void LoadAndChange<TContext>(Func<TContext, DbSet<BenchLegalEntity>> entities, string truncate)
        where TContext : DbContext
    {
        using (var seeding = _services!.CreateScope())
        {
            var db = seeding.ServiceProvider.GetRequiredService<TContext>();

            // ExecuteDelete is refused on an audit-trail set (it would bypass the revisions): empty both tables the same way.
            db.Database.ExecuteSqlRaw(truncate);
            entities(db).AddRange(AuditTrailBenchDatabase.NewEntities(N));
            db.SaveChanges();
        }

        _unitOfWork = _services!.CreateScope();
        var context = _unitOfWork.ServiceProvider.GetRequiredService<TContext>();
        foreach (var entity in entities(context).ToList())
        {
            entity.Name += " (renamed)";
            entity.Label = "supplier";
        }

        _context = context;
    }
}
