using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>
/// The README's activity log section, verbatim where it is code a user would write, compiled and run here so that
/// the README cannot drift from the API (a file of its own so the strategies' README tests merge without conflicts).
/// </summary>
public sealed class ReadmeActivityLogSnippetTest : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ReadmeActivityLogSnippetTest() => _connection.Open();

    [Fact]
    public async Task Activity_log_snippet_works_as_written()
    {
        await using var db = new CatalogDb(new DbContextOptionsBuilder<CatalogDb>().UseSqlite(_connection).UseVersioning().Options);
        await db.Database.EnsureCreatedAsync();
        var variant = new ProductVariant { Sku = "TRAIL-42", Price = 89.90m };
        db.Add(variant);
        await db.SaveChangesAsync();                                  // CREATE (with the generated key)

        // --- README snippet (usage) ---
        variant.Price = 79.90m;
        db.LogActivity(variant, "SHIPPED", details: "Order 1042 via DHL");
        await db.SaveChangesAsync();                                  // PRICE_CHANGE + SHIPPED, same transaction

        var priceHistory = await db.ActivityLog()                     // newest first, no tracking
            .For(variant)
            .WithAction("PRICE_CHANGE")
            .ToListAsync();                                           // OldValue "89.9", NewValue "79.9"
        var purged = await db.PurgeActivityLogAsync();                // rows older than 180 days, in batches
        // --- end of snippet ---

        priceHistory.Should().ContainSingle().Which.Should().Match<ActivityLogEntry>(r => r.OldValue == "89.9" && r.NewValue == "79.9");
        (await db.ActivityLog().For(variant).Select(r => r.Action).ToListAsync()).Should().BeEquivalentTo(["CREATE", "CREATE", "PRICE_CHANGE", "SHIPPED"], "an insert writes a CREATE row per logged field (Sku, Price)");
        purged.Should().Be(0);
    }

    public void Dispose() => _connection.Dispose();

    // --- README snippet (model) ---
    public class ProductVariant
    {
        public int Id { get; set; }

        public string Sku { get; set; } = "";

        public decimal Price { get; set; }

        public string? Notes { get; set; }
    }

    [ActivityLog]                                                     // or HasActivityLog() below
    public class Supplier
    {
        public int Id { get; set; }

        [TrackActivity("RENAMED")] public string Name { get; set; } = "";

        [Redacted] public string Iban { get; set; } = "";           // a mask reaches the log, never the value

        [NotVersioned] public int Views { get; set; }               // never logged
    }

    public class CatalogDb(DbContextOptions<CatalogDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<ProductVariant>().HasActivityLog(log => log
                .Track(v => v.Price, "PRICE_CHANGE")                  // action of this field's changes
                .Ignore(v => v.Notes));                               // never logged
            modelBuilder.Entity<Supplier>();
            modelBuilder.RetainActivityFor(TimeSpan.FromDays(180));  // PurgeActivityLogAsync() deletes older rows
        }
    }

    // --- end of snippet ---
}
