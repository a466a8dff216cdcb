using Microsoft.EntityFrameworkCore;

namespace Versioning.Benchmarks;

/// <summary>
/// A raw SQL <c>UPDATE</c> of N product variants (price and stock), as psql or another application sends it: on the plain
/// table, and on a table whose activity log captures raw writes (<c>HasDatabaseCapture()</c>: one statement trigger that
/// writes two log rows per variant from the statement's transition tables). Run with <c>--interleaved capture-activity N</c>.
/// </summary>
public sealed class ActivityLogCaptureBenchmarks : VariantSaveBenchmarks<CapturedVariantContext>
{
    public int N { get => Rows; set => Rows = value; }

    public void CreateDatabase() => CreateTables();

    public void OpenPlain() => Open<PlainVariantContext>();

    public void OpenCaptured() => Open<CapturedVariantContext>();

    public void EndUnitOfWork() => End();

    /// <summary>The raw statement, the same on both tables.</summary>
    public int RawUpdate()
    {
        var table = Context!.Model.FindEntityType(typeof(BenchVariant))!.GetTableName();
        var iteration = NextIteration();
#pragma warning disable EF1002 // The table name is the benchmark's own; the values are parameters.
        return Context.Database.ExecuteSqlRaw($"UPDATE {table} SET price = price + 0.01, stock = @p0 WHERE id <= @p1", iteration, N);
#pragma warning restore EF1002
    }
}

/// <summary>The variants with an activity log that also captures the writes bypassing EF.</summary>
public sealed class CapturedVariantContext(DbContextOptions<CapturedVariantContext> options) : VariantBenchContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchVariant>().ToTable("captured_variants")
            .HasActivityLog(a => a.Track(v => v.Price, "PRICE_CHANGE").Track(v => v.Stock, "STOCK_ADJUSTMENT"))
            .HasDatabaseCapture();
}
