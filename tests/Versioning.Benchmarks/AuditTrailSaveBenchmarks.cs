using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// SaveChanges after changing two fields of N tracked legal entities: plain EF Core's UPDATE against Versioning's audit
/// trail (the old row retired, conditioned on it still being current, and the new revision inserted), on tables with
/// the same columns in the same database and run. Issue 5 targets: at most 1.5x at 1 row, 2x at 1,000 rows.
/// </summary>
/// <remarks>
/// Only SaveChanges is measured. Both tables start with the same 1,000 rows; each iteration loads N current rows into a
/// new context and changes them in <c>[IterationSetup]</c>. The audited table grows by N revisions per iteration, as it
/// does in an application. (Emptying the tables before every iteration, as this benchmark once did, made PostgreSQL
/// plan every statement of the table again after each TRUNCATE, prepared ones included, which no application does.)
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class AuditTrailSaveBenchmarks
{
    private ServiceProvider? _services;
    private IServiceScope? _unitOfWork;
    private DbContext? _context;
    private int _iteration;

    [Params(1, 1000)]
    public int N { get; set; }

    /// <summary>Whether the audited table has an activity log too (the interleaved case <c>audit-activity</c>).</summary>
    public bool WithActivityLog { get; init; }

    [GlobalSetup]
    public void CreateDatabase()
    {
        _services = WithActivityLog ? AuditTrailBenchDatabase.BuildLoggedServices() : AuditTrailBenchDatabase.BuildServices();
        if (WithActivityLog)
        {
            AuditTrailBenchDatabase.RecreateLogged(_services);
        }
        else
        {
            AuditTrailBenchDatabase.Recreate(_services);
        }

        using var scope = _services.CreateScope();
        Seed(scope.ServiceProvider.GetRequiredService<PlainLegalEntityContext>(), db => db.Entities, BenchmarkDatabase.SeededRows(N));
        if (WithActivityLog)
        {
            Seed(scope.ServiceProvider.GetRequiredService<AuditTrailLoggedLegalEntityContext>(), db => db.Entities, BenchmarkDatabase.SeededRows(N));
        }
        else
        {
            Seed(scope.ServiceProvider.GetRequiredService<AuditTrailLegalEntityContext>(), db => db.Entities, BenchmarkDatabase.SeededRows(N));
        }
    }

    [GlobalCleanup]
    public void DisposeServices() => _services?.Dispose();

    [IterationSetup(Target = nameof(PlainEfCoreUpdate))]
    public void LoadPlain() => LoadAndChange<PlainLegalEntityContext>(db => db.Entities);

    [IterationSetup(Target = nameof(AuditTrail))]
    public void LoadAudited()
    {
        if (WithActivityLog)
        {
            LoadAndChange<AuditTrailLoggedLegalEntityContext>(db => db.Entities);
        }
        else
        {
            LoadAndChange<AuditTrailLegalEntityContext>(db => db.Entities);
        }
    }

    [IterationCleanup]
    public void EndUnitOfWork()
    {
        _unitOfWork?.Dispose();
        _unitOfWork = null;
        _context = null;
    }

    /// <summary>Opens a unit of work on the plain table without loading anything (the bulk case of --interleaved).</summary>
    public void OpenPlain() => Open<PlainLegalEntityContext>();

    /// <summary>Opens a unit of work on the audited table without loading anything.</summary>
    public void OpenAudited() => Open<AuditTrailLegalEntityContext>();

    /// <summary>
    /// <c>ExecuteUpdate</c> of both fields of the first N entities (families, on the audited table: each gets a new
    /// revision), on the unit of work's context.
    /// </summary>
    public int BulkUpdate()
    {
        var (n, iteration) = (N, ++_iteration);
        return _context!.Set<BenchLegalEntity>().Where(e => (e.RootId ?? e.Id) <= n)
            .ExecuteUpdate(s => s.SetProperty(e => e.Name, e => "entity " + (e.RootId ?? e.Id) + " v" + iteration).SetProperty(e => e.Label, "supplier " + iteration));
    }

    [Benchmark(Baseline = true)]
    public int PlainEfCoreUpdate() => _context!.SaveChanges();

    [Benchmark]
    public int AuditTrail() => _context!.SaveChanges();

    private static void Seed<TContext>(TContext db, Func<TContext, DbSet<BenchLegalEntity>> entities, int rows)
        where TContext : DbContext
    {
        entities(db).AddRange(AuditTrailBenchDatabase.NewEntities(rows));
        db.SaveChanges();
    }

    private void Open<TContext>()
        where TContext : DbContext
    {
        _unitOfWork = _services!.CreateScope();
        _context = _unitOfWork.ServiceProvider.GetRequiredService<TContext>();
    }

    private void LoadAndChange<TContext>(Func<TContext, DbSet<BenchLegalEntity>> entities)
        where TContext : DbContext
    {
        _unitOfWork = _services!.CreateScope();
        var context = _unitOfWork.ServiceProvider.GetRequiredService<TContext>();

        // The audited set shows current revisions only (its named query filter), so both load N rows of their own kind.
        _iteration++;
        foreach (var entity in entities(context).OrderBy(e => e.RootId ?? e.Id).Take(N).ToList())
        {
            entity.Name = $"entity {entity.RootId ?? entity.Id} v{_iteration}";
            entity.Label = $"supplier {_iteration}";
        }

        _context = context;
    }
}
