using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore;
using Versioning.Sample.Infrastructure;

namespace Versioning.Sample.Scenarios.ProductVariants;

/// <summary>
/// The seed's 'Activity Log Tracking' on its 'product_variants' example. The seed's <c>updateProductPrice</c> reads the
/// variant, updates it and inserts an <c>activity_logs</c> row by hand in a transaction; here the price change is an
/// ordinary SaveChanges and Versioning writes the row (old and new value from EF's original values, no extra query)
/// in the same transaction.
/// </summary>
internal sealed class ProductVariantsScenario : IScenario
{
    public string Name => "Activity log: product variants";

    public async Task RunAsync(SampleHost host)
    {
        var id = await CreateVariantAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(45));
        await ChangePriceAsync(host, id);
        host.Clock.Advance(TimeSpan.FromMinutes(20));
        await AdjustStockAsync(host, id);
        host.Clock.Advance(TimeSpan.FromMinutes(20));
        await ShipAsync(host, id);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await RefuseBulkPriceUpdateAsync(host);
        await PrintLogAsync(host, id);
        await PrintPriceHistoryAsync(host, id);
    }

    private static async Task<int> CreateVariantAsync(SampleHost host)
    {
        host.Step("alice", "adds the variant 'Trail shoe, size 42' at 89.90");
        var id = 0;
        await host.RunAsAsync("alice", async db =>
        {
            var variant = new ProductVariant { Sku = "TRAIL-42", Name = "Trail shoe, size 42", Price = 89.90m, Stock = 12 };
            db.Add(variant);
            await db.SaveChangesAsync();
            id = variant.Id;
        });
        host.Note("a CREATE row per logged field with its initial value, with the key the database generated");
        return id;
    }

    private static async Task ChangePriceAsync(SampleHost host, int id)
    {
        host.Step("bob", "changes the price to 79.90 (the seed's 'Manual price update') and edits the notes");
        await host.RunAsAsync("bob", async db =>
        {
            using var scope = db.BeginChangeScope(reason: "Manual price update");
            var variant = await db.Set<ProductVariant>().SingleAsync(v => v.Id == id);
            variant.Price = 79.90m;
            variant.Notes = "competitor dropped to 82";
            await db.SaveChangesAsync();
        });
        host.Note("one PRICE_CHANGE row with old and new value; the notes are ignored");
    }

    private static async Task AdjustStockAsync(SampleHost host, int id)
    {
        host.Step("carol", "counts the shelf and adjusts the stock from 12 to 9");
        await host.RunAsAsync("carol", async db =>
        {
            var variant = await db.Set<ProductVariant>().SingleAsync(v => v.Id == id);
            variant.Stock = 9;
            await db.SaveChangesAsync();
        });
    }

    private static async Task ShipAsync(SampleHost host, int id)
    {
        host.Step("dave", "ships one pair: stock 9 -> 8, plus a SHIPPED activity");
        await host.RunAsAsync("dave", async db =>
        {
            var variant = await db.Set<ProductVariant>().SingleAsync(v => v.Id == id);
            variant.Stock--;
            db.LogActivity(variant, "SHIPPED", details: "Order 1042 via DHL");
            await db.SaveChangesAsync();
        });
        host.Note("both rows are written by the same SaveChanges, in one transaction, with one correlation id");
    }

    private static async Task RefuseBulkPriceUpdateAsync(SampleHost host)
    {
        host.Step("erin", "tries a 10% price cut on every variant with one ExecuteUpdate");
        await host.RunAsAsync("erin", async db =>
        {
            try
            {
                await db.Set<ProductVariant>().ExecuteUpdateAsync(s => s.SetProperty(v => v.Price, v => v.Price * 0.9m));
            }
            catch (InvalidOperationException e)
            {
                host.Note($"refused: {e.Message}");
            }
        });
    }

    private static async Task PrintLogAsync(SampleHost host, int id)
    {
        host.Note("db.ActivityLog().For<ProductVariant>(id), newest first:");
        var table = await host.ReadAsync(async db =>
        {
            var log = db.Model.FindEntityType(typeof(ActivityLogEntry))!;
            string[] columns =
            [
                nameof(ActivityLogEntry.Timestamp), nameof(ActivityLogEntry.Action), nameof(ActivityLogEntry.ActorId),
                nameof(ActivityLogEntry.EntityId), nameof(ActivityLogEntry.ChangedField), nameof(ActivityLogEntry.OldValue),
                nameof(ActivityLogEntry.NewValue), nameof(ActivityLogEntry.Details),
            ];
            var printer = new TablePrinter(columns.Select(c => log.FindProperty(c)!.GetColumnName()));
            foreach (var row in await db.ActivityLog().For<ProductVariant>(id).ToListAsync())
            {
                printer.AddRow(row.Timestamp, row.Action, row.ActorId, row.EntityId, row.ChangedField, row.OldValue, row.NewValue, row.Details);
            }

            return printer;
        });
        host.Print(table);
    }

    private static async Task PrintPriceHistoryAsync(SampleHost host, int id)
    {
        host.Note("the seed's price history query: .WithAction(\"PRICE_CHANGE\")");
        var table = await host.ReadAsync(async db =>
        {
            var printer = new TablePrinter(["when", "by", "from", "to"]);
            foreach (var row in await db.ActivityLog().For<ProductVariant>(id).WithAction("PRICE_CHANGE").ToListAsync())
            {
                printer.AddRow(row.Timestamp, row.ActorId, row.OldValue, row.NewValue);
            }

            return printer;
        });
        host.Print(table);
    }
}
