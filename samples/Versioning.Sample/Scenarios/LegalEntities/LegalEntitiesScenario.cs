using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.Sample.Infrastructure;

namespace Versioning.Sample.Scenarios.LegalEntities;

/// <summary>
/// The seed's 'Audit Trail Versioning' strategy on its 'Entity' example: a legal entity is edited three times (each edit
/// keeps the previous row as a past revision and inserts the next one), its history is printed, revision 2 is fetched,
/// then restored as a new revision.
/// </summary>
internal sealed class LegalEntitiesScenario : IScenario
{
    private static readonly string[] Columns =
    [
        nameof(LegalEntity.Id), nameof(LegalEntity.Name), nameof(LegalEntity.Label),
        AuditTrailPropertyNames.Revision, AuditTrailPropertyNames.IsCurrent, AuditTrailPropertyNames.RootId, AuditTrailPropertyNames.ModifiedBy,
    ];

    public string Name => "Audit trail: a legal entity's revisions";

    public async Task RunAsync(SampleHost host)
    {
        var rootId = await CreateAsync(host);
        (string Actor, string Change, Action<LegalEntity> Edit)[] edits =
        [
            ("alice", "renames it after the change of legal form", e => e.Name = "Analytical Engines AG"),
            ("bob", "corrects the label", e => e.Label = "supplier"),
            ("carol", "renames it again", e => e.Name = "Analytical Engines Holding AG"),
        ];
        foreach (var (actor, change, edit) in edits)
        {
            host.Clock.Advance(TimeSpan.FromDays(7));
            await EditAsync(host, rootId, actor, change, edit);
        }

        await PrintHistoryAsync(host, rootId);
        await FetchRevisionAsync(host, rootId, 2);
        host.Clock.Advance(TimeSpan.FromDays(1));
        await RestoreAsync(host, rootId, 2);
    }

    private static async Task<int> CreateAsync(SampleHost host)
    {
        host.Step("alice", "registers the supplier Analytical Engines GmbH");
        var entity = new LegalEntity { Name = "Analytical Engines GmbH", Label = "customer" };
        await host.RunAsAsync("alice", async db =>
        {
            db.Add(entity);
            await db.SaveChangesAsync();
        });
        host.Note($"revision 1 has id {entity.Id} and no root_id");
        return entity.Id;
    }

    private static async Task EditAsync(SampleHost host, int anyKey, string actor, string change, Action<LegalEntity> edit)
    {
        host.Step(actor, change);
        await host.RunAsAsync(actor, async db =>
        {
            // From any revision's key to the current one (the seed's getCurrentEntity).
            var current = (await db.Set<LegalEntity>().CurrentRevisionAsync(anyKey))!;
            var oldId = current.Id;
            edit(current);
            await db.SaveChangesAsync();
            host.Note($"the application's instance is the new revision {db.Entry(current).Versioning().Revision}: its id went from {oldId} to {current.Id}");
        });
    }

    private static async Task PrintHistoryAsync(SampleHost host, int anyKey)
    {
        host.Step("auditor", "lists the history, newest first (Revisions(key))");
        host.Note("past rows keep their values and is_current = false; every revision points at revision 1 with root_id");
        var table = await host.ReadAsync(async db =>
        {
            var entityType = db.Model.FindEntityType(typeof(LegalEntity))!;
            var printer = new TablePrinter(Columns.Select(name => entityType.FindProperty(name)!.GetColumnName()));
            foreach (var revision in await db.Set<LegalEntity>().Revisions(anyKey).ToListAsync())
            {
                var values = db.Entry(revision).Versioning();
                printer.AddRow(revision.Id, revision.Name, revision.Label, values.Revision, values.IsCurrent, values.RootId, values.ModifiedBy);
            }

            return printer;
        });
        host.Print(table);
    }

    private static async Task FetchRevisionAsync(SampleHost host, int anyKey, int number)
    {
        host.Step("auditor", $"fetches revision {number} (AtRevision(key, {number}))");
        await host.RunAsAsync("auditor", async db =>
        {
            var revision = (await db.Set<LegalEntity>().AtRevisionAsync(anyKey, number))!;
            host.Note($"revision {number}: '{revision.Name}', label '{revision.Label}', written by {db.Entry(revision).Versioning().ModifiedBy}");
            host.Note($"revision 9 does not exist: AtRevision returns {(await db.Set<LegalEntity>().AtRevisionAsync(anyKey, 9)) switch { null => "null", _ => "a row" }}");
        });
    }

    private static async Task RestoreAsync(SampleHost host, int anyKey, int number)
    {
        host.Step("dave", $"restores revision {number} (RestoreRevision(entity, {number}) + SaveChanges)");
        await host.RunAsAsync("dave", async db =>
        {
            var current = (await db.Set<LegalEntity>().CurrentRevisionAsync(anyKey))!;
            await db.RestoreRevisionAsync(current, number);
            await db.SaveChangesAsync();
            host.Note($"history is never rewritten: the restore is revision {db.Entry(current).Versioning().Revision}, carrying revision {number}'s values");
        });
        await PrintHistoryAsync(host, anyKey);
    }
}
