using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.Sample.Infrastructure;

namespace Versioning.Sample.Scenarios.SalesChannels;

/// <summary>
/// The seed's 'Simple Update' strategy on its 'sales_channels' example: who created each channel and who changed
/// it last, written by Versioning on every save instead of by hand in every server action (as the seed does with
/// <c>updated_by: user.id</c>).
/// </summary>
internal sealed class SalesChannelsScenario : IScenario
{
    private static readonly string[] Columns =
    [
        nameof(SalesChannel.Id), nameof(SalesChannel.Name), nameof(SalesChannel.IsActive),
        ChangeStampPropertyNames.CreatedAt, ChangeStampPropertyNames.CreatedBy,
        ChangeStampPropertyNames.UpdatedAt, ChangeStampPropertyNames.UpdatedBy,
    ];

    public string Name => "Simple update (change stamps): sales channels";

    public async Task RunAsync(SampleHost host)
    {
        await CreateChannelsAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(90));
        await RenameChannelAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        await PostBackForgedCreatedStampsAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        await DeactivateMarketplacesInBulkAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        await SyncInChangeScopeAsync(host);
    }

    private static async Task CreateChannelsAsync(SampleHost host)
    {
        host.Step("alice", "creates three sales channels");
        await host.RunAsAsync("alice", async db =>
        {
            db.SalesChannels.AddRange(
                new SalesChannel { Name = "Web shop" },
                new SalesChannel { Name = "Retail store" },
                new SalesChannel { Name = "Marketplace" });
            await db.SaveChangesAsync();
        });
        await PrintChannelsAsync(host, "an insert sets all four stamps; updated_* = created_*");
    }

    private static async Task RenameChannelAsync(SampleHost host)
    {
        host.Step("bob", "renames 'Retail store' to 'Retail store Berlin'");
        await host.RunAsAsync("bob", async db =>
        {
            var store = await db.SalesChannels.SingleAsync(c => c.Name == "Retail store");
            store.Name = "Retail store Berlin";
            await db.SaveChangesAsync();
        });
        await PrintChannelsAsync(host, "updated_at/updated_by moved; created_* still say alice at 09:00");
    }

    private static async Task PostBackForgedCreatedStampsAsync(SampleHost host)
    {
        host.Step("bob", "saves an edit form that posts back every column, created_at/created_by forged");
        await host.RunAsAsync("bob", async db =>
        {
            var webShop = await db.SalesChannels.SingleAsync(c => c.Name == "Web shop");

            // Copying a client payload onto the entity is how created_* usually get overwritten by accident.
            db.Entry(webShop).CurrentValues.SetValues(new Dictionary<string, object?>
            {
                [nameof(SalesChannel.Name)] = "Web shop EU",
                [ChangeStampPropertyNames.CreatedAt] = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                [ChangeStampPropertyNames.CreatedBy] = "mallory",
            });
            await db.SaveChangesAsync();

            var stamps = db.Entry(webShop).Versioning();
            host.Note($"the tracked entity after SaveChanges: created_at {stamps.CreatedAt:yyyy-MM-dd HH:mm}, created_by {stamps.CreatedBy}");
        });
        await PrintChannelsAsync(host, "the new name was written, the forged created_* were not");
    }

    private static async Task DeactivateMarketplacesInBulkAsync(SampleHost host)
    {
        host.Step("carol", "deactivates every marketplace with one ExecuteUpdate (no entity loaded)");
        await host.RunAsAsync("carol", async db =>
        {
            var count = await db.SalesChannels
                .Where(c => c.Name.StartsWith("Market"))
                .ExecuteUpdateAsync(setters => setters.SetProperty(c => c.IsActive, false));
            host.Note($"{count} row(s) updated by one UPDATE statement");
        });
        await PrintChannelsAsync(host, "the statement also set updated_at/updated_by: a bulk update is not silent");
    }

    private static async Task SyncInChangeScopeAsync(SampleHost host)
    {
        host.Step("bob", "triggers the channel sync job, which saves under its own actor in a change scope");
        await host.RunAsAsync("bob", async db =>
        {
            using (db.BeginChangeScope(reason: "Nightly channel sync", actor: "channel-sync"))
            {
                var marketplace = await db.SalesChannels.SingleAsync(c => c.Name == "Marketplace");
                marketplace.IsActive = true;
                await db.SaveChangesAsync();
            }

            // Same context, scope closed: the actor comes from the accessor (bob) again.
            var webShop = await db.SalesChannels.SingleAsync(c => c.Name == "Web shop EU");
            webShop.Name = "Web shop";
            await db.SaveChangesAsync();
        });
        await PrintChannelsAsync(host, "Marketplace by channel-sync (the scope beats the accessor); Web shop by bob after the scope");
    }

    private static async Task PrintChannelsAsync(SampleHost host, string expectation)
    {
        host.Note(expectation);
        var table = await host.ReadAsync(async db =>
        {
            // Headers are the real column names, so the table shows the snake_case schema.
            var entityType = db.Model.FindEntityType(typeof(SalesChannel))!;
            var printer = new TablePrinter(Columns.Select(name => entityType.FindProperty(name)!.GetColumnName()));
            foreach (var channel in await db.SalesChannels.OrderBy(c => c.Id).ToListAsync())
            {
                // Versioning() reads the stamps whether they are shadow properties (as here) or CLR properties.
                var stamps = db.Entry(channel).Versioning();
                printer.AddRow(
                    channel.Id, channel.Name, channel.IsActive,
                    stamps.CreatedAt, stamps.CreatedBy, stamps.UpdatedAt, stamps.UpdatedBy);
            }

            return printer;
        });
        host.Print(table);
    }
}
