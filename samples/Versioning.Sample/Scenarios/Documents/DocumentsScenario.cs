using Microsoft.EntityFrameworkCore;
using Versioning.Sample.Infrastructure;

namespace Versioning.Sample.Scenarios.Documents;

/// <summary>
/// The seed's temporal versioning on its templates: a template is edited a few times, then read as of an earlier
/// time, its full history listed, and an old version restored as a new one (the seed's updateEntity() closes
/// valid_to and inserts the next version by hand; here SaveChanges does it).
/// </summary>
internal sealed class DocumentsScenario : IScenario
{
    public string Name => "Temporal history: templates as of any time";

    public async Task RunAsync(SampleHost host)
    {
        var created = host.Clock.GetUtcNow().UtcDateTime;
        var id = await CreateTemplateAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(45));
        await EditAsync(host, id, "bob", "rewrites the greeting", d => d.Content = "Hi {{first_name}}, welcome aboard!");
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        await EditAsync(host, id, "carol", "renames it, shares it and sends it as Support", d =>
        {
            d.Title = "Welcome email (v2)";
            d.Visibility = "shared";
            d.Sender.Name = "Support";
        });

        host.Clock.Advance(TimeSpan.FromMinutes(15));
        await ShowAsOfAsync(host, id, created.AddMinutes(30));
        await ShowHistoryAsync(host, id, "three versions: two closed in documents_history, the current one in documents");
        await ShowRangeAsync(host, created.AddMinutes(40), created.AddMinutes(80));

        host.Clock.Advance(TimeSpan.FromMinutes(15));
        await RestoreAsync(host, id, created.AddMinutes(30));
        await ShowHistoryAsync(host, id, "the restore is version 4 with version 1's values; versions 1-3 are untouched");
        await TryBulkUpdateAsync(host);
    }

    private static async Task<int> CreateTemplateAsync(SampleHost host)
    {
        host.Step("alice", "creates the 'Welcome email' template");
        var id = 0;
        await host.RunAsAsync("alice", async db =>
        {
            var document = new Document { EntityType = "template", Title = "Welcome email", Content = "Hello {{first_name}}!" };
            db.Add(document);
            await db.SaveChangesAsync();
            var entry = db.Entry(document).Versioning();
            host.Note($"version {entry.Version}, valid from {entry.ValidFrom:HH:mm}");
            id = document.Id;
        });
        return id;
    }

    private static async Task EditAsync(SampleHost host, int id, string actor, string what, Action<Document> edit)
    {
        host.Step(actor, what);
        await host.RunAsAsync(actor, async db =>
        {
            var document = await db.Set<Document>().SingleAsync(d => d.Id == id);
            edit(document);
            await db.SaveChangesAsync();
            host.Note($"now version {db.Entry(document).Versioning().Version}; the old values went to documents_history");
        });
    }

    private static async Task ShowAsOfAsync(SampleHost host, int id, DateTime asOf)
    {
        host.Step("dave", $"reads the template as of {asOf:HH:mm} (TemporalAsOf)");
        var table = await host.ReadAsync(async db =>
        {
            var printer = new TablePrinter(["id", "title", "content", "visibility", "sender", "version"]);
            var past = await db.Set<Document>().TemporalAsOf(asOf)
                .Where(d => d.Id == id)
                .Select(d => new { d.Id, d.Title, d.Content, d.Visibility, Sender = d.Sender.Name, Version = EF.Property<int>(d, "Version") })
                .SingleAsync();
            printer.AddRow(past.Id, past.Title, past.Content, past.Visibility, past.Sender, past.Version);
            return printer;
        });
        host.Note("what the template said then, untracked: composable like any query");
        host.Print(table);
    }

    private static async Task ShowHistoryAsync(SampleHost host, int id, string expectation)
    {
        host.Step("dave", "lists the template's history (History(id), newest first)");
        var table = await host.ReadAsync(async db =>
        {
            var printer = new TablePrinter(["version", "title", "content", "sender", "valid_from", "valid_to", "changed_by"]);
            foreach (var row in await db.Set<Document>().HistoryAsync([id]))
            {
                printer.AddRow(row.Version, row.Entity.Title, row.Entity.Content, row.Entity.Sender.Name, row.ValidFrom, row.ValidTo, row.ChangedBy);
            }

            return printer;
        });
        host.Note(expectation);
        host.Print(table);
    }

    private static async Task ShowRangeAsync(SampleHost host, DateTime from, DateTime to)
    {
        host.Step("dave", $"asks which versions were valid between {from:HH:mm} and {to:HH:mm} (TemporalBetween)");
        var versions = await host.ReadAsync(db => db.Set<Document>().TemporalBetween(from, to)
            .Select(d => EF.Property<int>(d, "Version"))
            .OrderBy(v => v)
            .ToListAsync());
        host.Note($"versions {string.Join(", ", versions)} (ValidFrom <= to AND ValidTo > from, as in EF's SQL Server API)");
    }

    private static async Task RestoreAsync(SampleHost host, int id, DateTime asOf)
    {
        host.Step("alice", $"restores the template as it was at {asOf:HH:mm} (RestoreAsOf + SaveChanges)");
        await host.RunAsAsync("alice", async db =>
        {
            var document = await db.Set<Document>().SingleAsync(d => d.Id == id);
            await db.RestoreAsOfAsync(document, asOf);
            await db.SaveChangesAsync();
        });
    }

    private static async Task TryBulkUpdateAsync(SampleHost host)
    {
        host.Step("carol", "tries to make every template public with one ExecuteUpdate");
        await host.RunAsAsync("carol", async db =>
        {
            try
            {
                await db.Set<Document>().ExecuteUpdateAsync(s => s.SetProperty(d => d.Visibility, "public"));
            }
            catch (InvalidOperationException e)
            {
                host.Note($"refused: {e.Message}");
            }
        });
    }
}
