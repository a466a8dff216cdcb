using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>
/// The README's bulk-statement snippets, verbatim, compiled here so that the README cannot drift from the API. On SQLite
/// it is refused with the message the README describes (PostgreSQL runs it; the functional tests and the web sample
/// prove that). Keep the two in sync.
/// </summary>
public sealed class ReadmeBulkStatementSnippetTest : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ReadmeBulkStatementSnippetTest() => _connection.Open();

    [Fact]
    public async Task Bulk_statement_snippet_compiles_and_SQLite_refuses_it_saying_why()
    {
        await using var provider = Services();
        await using var scope = provider.CreateAsyncScope();
        var db = await OpenAsync(scope);

        var run = () => SnippetAsync(db, DateTime.UtcNow.AddDays(-1));

        (await run.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("ExecuteUpdate on 'Product' would change rows without writing their temporal history*PostgreSQL can*");
    }

    [Fact]
    public async Task Audit_trail_bulk_snippet_compiles_and_SQLite_refuses_it_saying_why()
    {
        await using var provider = Services();
        await using var scope = provider.CreateAsyncScope();
        var db = await OpenAsync(scope);

        var run = () => AuditTrailSnippetAsync(db, 7);

        (await run.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("ExecuteUpdate cannot run on 'Contract': it uses audit trail*PostgreSQL's can*");
    }

    public void Dispose() => _connection.Dispose();

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddDbContext<ShopDb>(o => o.UseSqlite(_connection).UseVersioning());
        services.AddVersioning();
        return services.BuildServiceProvider();
    }

    private static async Task<ShopDb> OpenAsync(AsyncServiceScope scope)
    {
        var db = scope.ServiceProvider.GetRequiredService<ShopDb>();
        await db.Database.EnsureCreatedAsync();
        return db;
    }

    private static async Task AuditTrailSnippetAsync(ShopDb db, int customerId)
    {
        // Each current contract of the customer gets a new revision; the old ones stay as past revisions.
        await db.Contracts.Where(c => c.CustomerId == customerId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, "renewed"));
    }

    private static async Task SnippetAsync(ShopDb db, DateTime yesterday)
    {
        // A price change of a whole category, with its history and log, in one statement (no entity is loaded).
        var changed = await db.Products
            .Where(p => p.Category == "books")
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, p => p.Price * 1.05m));

        var before = await db.Products.TemporalAsOf(yesterday).Where(p => p.Category == "books").ToListAsync();
        var log = await db.ActivityLog().WithAction("PRICE_CHANGE").ToListAsync();   // one row per product whose price changed
        _ = (changed, before, log);
    }

    public sealed class Product
    {
        public int Id { get; set; }

        public string Category { get; set; } = "";

        public decimal Price { get; set; }
    }

    public sealed class Contract
    {
        public int Id { get; set; }

        public int CustomerId { get; set; }

        public string Status { get; set; } = "";
    }

    public sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
    {
        public DbSet<Product> Products => Set<Product>();

        public DbSet<Contract> Contracts => Set<Contract>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Product>().HasTemporalHistory().HasActivityLog(log => log.Track(p => p.Price, "PRICE_CHANGE"));
            modelBuilder.Entity<Contract>().HasAuditTrail();
        }
    }
}
