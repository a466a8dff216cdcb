using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// SaveChanges of N modified documents (two fields each): plain EF Core against Versioning's temporal history, which
/// also writes one history row per document (targets: at most 1.25x at 1 row, 1.4x at 100 and 1,000 rows).
/// </summary>
/// <remarks>
/// Both tables have the same columns and the same 1,000 rows (N rows above that). Below 10 rows the history rows are EF entities in
/// EF's batch; from 10 rows they are one <c>INSERT … SELECT FROM unnest(…)</c> in the same transaction. Only
/// SaveChanges is measured: each iteration opens a new DI scope and context and loads and edits N tracked rows in
/// <c>[IterationSetup]</c>. The history table grows by N rows per iteration, as it does in an application.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class TemporalSaveBenchmarks
{
    private ServiceProvider? _services;
    private IServiceScope? _unitOfWork;
    private DocumentBenchContext? _context;
    private int _iteration;

    [Params(1, 10, 100, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void CreateDatabase()
    {
        _services = TemporalBenchServices.Build(BenchmarkDatabase.ConnectionString());
        TemporalBenchServices.RecreateDatabase(_services);
        using var scope = _services.CreateScope();
        Seed(scope.ServiceProvider.GetRequiredService<PlainDocumentContext>(), BenchmarkDatabase.SeededRows(N));
        Seed(scope.ServiceProvider.GetRequiredService<TemporalDocumentContext>(), BenchmarkDatabase.SeededRows(N));
        Seed(scope.ServiceProvider.GetRequiredService<CapturedDocumentContext>(), BenchmarkDatabase.SeededRows(N));
        TemporalBenchServices.QuietTables(
            scope.ServiceProvider.GetRequiredService<PlainDocumentContext>(),
            "plain_documents", "temporal_documents", "temporal_documents_history", "captured_documents", "captured_documents_history");
    }

    [GlobalCleanup]
    public void DisposeServices() => _services?.Dispose();

    [IterationSetup(Target = nameof(PlainEfCore))]
    public void LoadPlain() => LoadAndEdit<PlainDocumentContext>();

    [IterationSetup(Target = nameof(TemporalHistory))]
    public void LoadTemporal() => LoadAndEdit<TemporalDocumentContext>();

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

    /// <summary>Opens a unit of work on the plain table without loading anything (the bulk cases of --interleaved).</summary>
    public void OpenPlain() => Open<PlainDocumentContext>();

    /// <summary>Opens a unit of work on the temporal table without loading anything (the bulk cases of --interleaved).</summary>
    public void OpenTemporal() => Open<TemporalDocumentContext>();

    /// <summary><c>ExecuteUpdate</c> of the first N documents (both fields), on the unit of work's context.</summary>
    public int BulkUpdate()
    {
        var (n, iteration) = (N, ++_iteration);
        return _context!.Documents.Where(d => d.Id <= n)
            .ExecuteUpdate(s => s.SetProperty(d => d.Title, d => "document " + d.Id + " v" + iteration).SetProperty(d => d.Content, "draft " + iteration));
    }

    /// <summary>Opens a unit of work on the captured table (the capture case of --interleaved).</summary>
    public void OpenCaptured() => Open<CapturedDocumentContext>();

    /// <summary>A raw SQL <c>UPDATE</c> of the first N documents' content, as psql or another application sends it.</summary>
    public int RawUpdate()
    {
        var table = _context!.Model.FindEntityType(typeof(BenchDocument))!.GetTableName();
        _iteration++;
#pragma warning disable EF1002 // The table name is the benchmark's own; the values are parameters.
        return _context.Database.ExecuteSqlRaw($"UPDATE {table} SET content = 'raw ' || @p0 WHERE id <= @p1", _iteration, N);
#pragma warning restore EF1002
    }

    /// <summary>What the application does without bulk statements: load and edit the first N documents, then SaveChanges.</summary>
    public int LoadEditAndSave()
    {
        var documents = _context!.Documents.OrderBy(d => d.Id).Take(N).ToList();
        _iteration++;
        foreach (var document in documents)
        {
            document.Title = $"document {document.Id} v{_iteration}";
            document.Content = $"draft {_iteration}";
        }

        return _context.SaveChanges();
    }

    private void Open<TContext>()
        where TContext : DocumentBenchContext
    {
        _unitOfWork = _services!.CreateScope();
        _context = _unitOfWork.ServiceProvider.GetRequiredService<TContext>();
    }

    private static void Seed(DocumentBenchContext context, int rows)
    {
        var now = DateTime.UtcNow;
        context.Documents.AddRange(Enumerable.Range(1, rows).Select(i => new BenchDocument
        {
            Title = $"document {i}", Content = "first draft", ValidFrom = now, Version = 1,
        }));
        context.SaveChanges();
    }

    private void LoadAndEdit<TContext>()
        where TContext : DocumentBenchContext
    {
        Open<TContext>();
        var documents = _context!.Documents.OrderBy(d => d.Id).Take(N).ToList();
        _iteration++;
        foreach (var document in documents)
        {
            document.Title = $"document {document.Id} v{_iteration}";
            document.Content = $"draft {_iteration}";
        }
    }
}
