using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// A document (the temporal seed's templates/documents). Both temporal benchmark contexts map this class, so both
/// tables have the same shape: the plain one keeps ValidFrom/Version as ordinary columns nothing writes.
/// </summary>
public sealed class BenchDocument
{
    public int Id { get; set; }

    public required string Title { get; set; }

    public string? Content { get; set; }

    public DateTime ValidFrom { get; set; }

    public int Version { get; set; }
}

/// <summary>The shared shape of the two temporal benchmark contexts.</summary>
public abstract class DocumentBenchContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<BenchDocument> Documents => Set<BenchDocument>();
}

/// <summary>Plain EF Core on <c>plain_documents</c>.</summary>
public sealed class PlainDocumentContext(DbContextOptions<PlainDocumentContext> options) : DocumentBenchContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchDocument>().ToTable("plain_documents");
}

/// <summary>The same table shape with Versioning's temporal history (<c>temporal_documents</c> + <c>temporal_documents_history</c>).</summary>
public sealed class TemporalDocumentContext(DbContextOptions<TemporalDocumentContext> options) : DocumentBenchContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchDocument>().ToTable("temporal_documents").HasTemporalHistory();
}

/// <summary>
/// The same table shape with temporal history and database capture (<c>captured_documents</c>): raw SQL updates of it are
/// versioned by its triggers.
/// </summary>
public sealed class CapturedDocumentContext(DbContextOptions<CapturedDocumentContext> options) : DocumentBenchContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<BenchDocument>().ToTable("captured_documents").HasTemporalHistory().HasDatabaseCapture();
}

/// <summary>Registers both contexts like an application (AddDbContext, a DI scope per unit of work).</summary>
public static class TemporalBenchServices
{
    /// <param name="connectionString">The server's connection string.</param>
    /// <param name="prepareTemporalQueries">Versioning's <c>PrepareTemporalQueries</c> option.</param>
    public static ServiceProvider Build(string connectionString, bool prepareTemporalQueries = true)
    {
        var services = new ServiceCollection();
        services.AddVersioning(versioning => versioning.UseActorAccessor<BenchActor>());
        services.AddDbContext<PlainDocumentContext>(options => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention());
        services.AddDbContext<TemporalDocumentContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.UseVersioning(v => v.PrepareTemporalQueries(prepareTemporalQueries)))
            .UseSnakeCaseNamingConvention());
        services.AddDbContext<CapturedDocumentContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.UseVersioning())
            .UseSnakeCaseNamingConvention());
        return services.BuildServiceProvider();
    }

    /// <summary>Drops and recreates the benchmark database with both document tables, created by EF.</summary>
    public static void RecreateDatabase(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var temporal = scope.ServiceProvider.GetRequiredService<TemporalDocumentContext>();
        temporal.Database.EnsureDeleted();
        temporal.Database.EnsureCreated();

        // EnsureCreated does nothing once the database has tables, so the plain model's table is created directly.
        foreach (DbContext context in (DbContext[])[scope.ServiceProvider.GetRequiredService<PlainDocumentContext>(), scope.ServiceProvider.GetRequiredService<CapturedDocumentContext>()])
        {
            Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions
                .GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>(context).CreateTables();
        }
    }

    /// <summary>
    /// Vacuums and analyzes the tables, and switches autovacuum off on them. The temporal side writes a history table that
    /// grows by N rows per save, so autovacuum (and its pass over the history's GiST index) started at some point of the
    /// temporal process and not of the plain one, which moved single measurements from about 50 to 90 ms at 1,000 rows.
    /// Autovacuum's cost is real, but it is paid in the background, not by SaveChanges.
    /// </summary>
    public static void QuietTables(DbContext context, params string[] tables)
    {
        var sql = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions
            .GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>(context);
        foreach (var table in tables.Select(t => sql.DelimitIdentifier(t)))
        {
            // One statement per call: VACUUM cannot run inside a multi-statement batch (it is one transaction). The names
            // are the benchmark's own tables, delimited.
            var quiet = $"ALTER TABLE {table} SET (autovacuum_enabled = false)";
            var vacuum = $"VACUUM ANALYZE {table}";
            context.Database.ExecuteSqlRaw(quiet);
            context.Database.ExecuteSqlRaw(vacuum);
        }
    }
}
