using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Versioning.Sample.Infrastructure;

namespace Versioning.Sample.Scenarios.Chain;

/// <summary>
/// Seed 'event-sourcing-principles' (Chain): a document's stream gets a version per event (its creation, edits and a
/// custom <c>Published</c> event), a writer with a stale copy is refused (an optimistic append conflict), and the
/// document is rebuilt from its events alone and compared with its snapshot row.
/// </summary>
internal sealed class ChainScenario : IScenario
{
    public string Name => "Chain: per-stream versions, an append conflict, a document rebuilt from its events";

    public async Task RunAsync(SampleHost host)
    {
        var document = new ChainDocument { Title = "Onboarding chain", Content = "draft" };
        host.Step("alice", "creates the document (event 1: Created)");
        await host.RunAsAsync("alice", async db =>
        {
            db.Add(document);
            await db.SaveChangesAsync();
        });

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        host.Step("bob", "edits its content and publishes it (events 2: Updated, 3: Published)");
        await host.RunAsAsync("bob", async db =>
        {
            var loaded = await db.Set<ChainDocument>().SingleAsync(d => d.Id == document.Id);
            loaded.Content = "step 1: sign in; step 2: pick a template";
            db.RaiseChangeEvent(loaded, "Published", new { Channel = "intranet" });
            await db.SaveChangesAsync();
            host.Note($"the document's stream version is now {loaded.StreamVersion}");
        });

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        host.Step("carol and dave", "both load version 3; carol retitles it first, then dave appends his edit");
        await host.RunAsAsync("carol", async carolDb =>
            await host.RunAsAsync("dave", async daveDb =>
            {
                var carols = await carolDb.Set<ChainDocument>().SingleAsync(d => d.Id == document.Id);
                var daves = await daveDb.Set<ChainDocument>().SingleAsync(d => d.Id == document.Id);
                carols.Title = "Onboarding chain (v2)";
                await carolDb.SaveChangesAsync();
                daves.Content += "; step 3: invite the team";
                try
                {
                    await daveDb.SaveChangesAsync();
                    host.Note("dave's save went through (unexpected)");
                }
                catch (DbUpdateConcurrencyException)
                {
                    host.Note($"dave is refused: his copy was at version {daves.StreamVersion}, the stream moved to "
                        + $"{carols.StreamVersion}; no event was written for him (DbUpdateConcurrencyException)");
                }
            }));

        host.Step("auditor", "reads the stream (ChangeEventStream) and rebuilds the document from its events alone");
        var (events, rebuilt, snapshot) = await host.ReadAsync(async db =>
        {
            var stream = await db.ChangeEventStream(document).ToListAsync();
            var state = new Dictionary<string, string?>();
            foreach (var e in stream.Where(e => e.After != null && e.Kind is "Created" or "Updated"))
            {
                foreach (var property in JsonDocument.Parse(e.After!).RootElement.EnumerateObject())
                {
                    state[property.Name] = property.Value.GetString();
                }
            }

            return (stream, state, await db.Set<ChainDocument>().SingleAsync(d => d.Id == document.Id));
        });
        var table = new TablePrinter(["version", "kind", "actor", "after"]);
        foreach (var e in events)
        {
            table.AddRow(e.StreamVersion, e.Kind, e.ActorId, e.After);
        }

        host.Print(table);
        host.Note($"rebuilt: \"{rebuilt["Title"]}\" / \"{rebuilt["Content"]}\"; snapshot row at version {snapshot.StreamVersion}: "
            + (rebuilt["Title"] == snapshot.Title && rebuilt["Content"] == snapshot.Content ? "identical" : "DIFFERENT"));
    }
}
