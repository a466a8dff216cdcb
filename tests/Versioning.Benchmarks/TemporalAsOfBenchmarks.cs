using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// An as-of point lookup (<c>TemporalAsOf(t).Where(d =&gt; d.Id == id)</c>) against a primary-key lookup of the same
/// rows, with 100 versions per document (1,000 documents, 99,000 history rows): target at most 1.3x.
/// Both queries are no-tracking and run on one open context; the key rotates over all documents.
/// </summary>
/// <remarks>
/// <para>
/// The as-of query is a UNION ALL of the current table and the history table, each probed through an index (primary key;
/// history (id, valid_from, valid_to) with the whole period predicate as the index condition). Where its extra cost
/// goes (PostgreSQL 15, pgbench and <c>log_*_stats</c> on this machine): without prepared statements PostgreSQL parses,
/// analyzes and plans the two-table union on every execution, about 75 us more than the key lookup (planning ~35 us,
/// parse and analysis ~25 us, execution ~10 us); on the client, EF regenerated the SQL of the FromSql query on every
/// execution (its command cache skips FromSql) until Versioning let it cache temporal queries' SQL: 20.9 KB allocated per
/// lookup before, 11.7 KB after (the key lookup: 8.8 KB). <see cref="AutoPrepare"/> runs both queries with Npgsql's automatic preparation
/// (<c>Max Auto Prepare</c>), which plans each statement once per connection; preparing only the as-of statement
/// (<c>DbCommand.Prepare()</c> in a command interceptor, default connection string) measured 0.82x the unprepared key lookup.
/// </para>
/// <para>
/// Fifteen warmup iterations: after the short job's three, both lookups were still speeding up (measured: the key lookup
/// from ~450 to ~190 us/op, the as-of lookup from ~700 to ~350 us/op, over about ten iterations), so the short job's ratio
/// compared two stages of warmup rather than two queries.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[WarmupCount(15)]
public class TemporalAsOfBenchmarks
{
    private const int Documents = 1000;
    private const int Versions = 100;
    private static readonly DateTime Origin = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private ServiceProvider? _services;
    private IServiceScope? _scope;
    private TemporalDocumentContext? _context;
    private int _next;

    [Params(false, true)]
    public bool AutoPrepare { get; set; }

    [GlobalSetup]
    public void CreateDatabase()
    {
        var connectionString = BenchmarkDatabase.ConnectionString();
        // With Npgsql's automatic preparation, Versioning's own (explicit) preparation is switched off, as the README advises:
        // preparing explicitly a statement Npgsql had prepared automatically measured slower than either alone.
        _services = AutoPrepare
            ? TemporalBenchServices.Build(connectionString + ";Max Auto Prepare=10;Auto Prepare Min Usages=2", prepareTemporalQueries: false)
            : TemporalBenchServices.Build(connectionString);
        TemporalBenchServices.RecreateDatabase(_services);
        _scope = _services.CreateScope();
        _context = _scope.ServiceProvider.GetRequiredService<TemporalDocumentContext>();

        // Version v of every document is valid for [Origin + v minutes, Origin + v + 1 minutes); version 100 is current.
        _context.Database.ExecuteSqlRaw(
            $$"""
            INSERT INTO temporal_documents (id, title, content, valid_from, version)
            SELECT d, 'document ' || d, 'draft {{Versions}}', {0} + interval '{{Versions}} minutes', {{Versions}}
            FROM generate_series(1, {{Documents}}) d;
            INSERT INTO temporal_documents_history (id, title, content, valid_from, version, valid_to, changed_by)
            SELECT d, 'document ' || d, 'draft ' || v, {0} + v * interval '1 minute', v, {0} + (v + 1) * interval '1 minute', 'seed'
            FROM generate_series(1, {{Documents}}) d, generate_series(1, {{Versions - 1}}) v;
            """,
            Origin);

        // Measure the steady state of a table that has been vacuumed, not a fresh bulk load: without this, the first reads set
        // hint bits (writing pages) and autovacuum starts on the 99,000 new history rows while the benchmark runs. VACUUM
        // cannot run in the batch above (a multi-statement batch is one transaction).
        _context.Database.ExecuteSqlRaw("VACUUM ANALYZE temporal_documents");
        _context.Database.ExecuteSqlRaw("VACUUM ANALYZE temporal_documents_history");
    }

    [GlobalCleanup]
    public void DisposeServices()
    {
        _scope?.Dispose();
        _services?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public BenchDocument? PrimaryKeyLookup()
    {
        var id = NextId();
        return _context!.Documents.AsNoTracking().FirstOrDefault(d => d.Id == id);
    }

    [Benchmark]
    public BenchDocument? AsOfPointLookup()
    {
        var id = NextId();
        return _context!.Documents.TemporalAsOf(Origin.AddMinutes(50.5)).FirstOrDefault(d => d.Id == id);
    }

    private int NextId() => (_next++ % Documents) + 1;
}
