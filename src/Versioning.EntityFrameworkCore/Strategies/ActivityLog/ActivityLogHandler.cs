using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Pipeline.Rows;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Writes the activity log of a save: one CREATE row per insert, one row per changed logged property of an update
/// (old and new values from EF's original and current values, no query), one DELETE row per delete (the state the
/// application left, so a soft delete counts as a delete), and the manual activities waiting on the context. Every
/// row of the save shares its timestamp, actor and correlation id. The rows of an entity whose rows form a family
/// (<see cref="IRowFamily"/>: audit-trail revisions) carry the family's key and name the row the change made
/// (<c>revision 3</c>) in <c>Details</c>; an update that an earlier handler turned into a new row is described from the
/// values it replaced to the values it holds (<see cref="VersioningChangeSet.FindReplaced"/>), and, when the rows form
/// no family (replace-on-update), under the replaced row's key with <c>replaced by key X</c> in <c>Details</c>. Rows whose key the database has yet to generate are
/// written by a last batch of EF's save (<see cref="PendingActivityWrite"/>). The others are stated in the save, each
/// owned by its entity, for the save's row writer; when that writer writes as EF entities, a large save's rows are
/// written set-based by that last batch instead.
/// </summary>
internal sealed class ActivityLogHandler(IEnumerable<IVersioningRowWriter> rowWriters) : IVersioningHandler
{
    private readonly bool _writerIsSetBased = EntityRowWriter.Or(rowWriters).WritesSetBased;

    /// <summary>
    /// From this many rows on, one set-based insert beats EF entities in EF's batch (the performance baseline measured the two
    /// crossing near 10 rows: below it the extra statement costs more than the EF entities it saves).
    /// </summary>
    public const int SetBasedThreshold = 16;

    /// <summary>After the strategies that change values (at 100 to 400), so the log sees what the save writes.</summary>
    public const int Position = 500;

    public int Order => Position;

    public Task SavedAsync(VersioningChangeSet save, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            return ActivityLogDeferredWrite.AfterSaveAsync(save, cancellationToken);
        }

        ActivityLogDeferredWrite.AfterSave(save);
        return Task.CompletedTask;
    }

    public void SaveFailed(VersioningChangeSet save) => ActivityLogDeferredWrite.Abandon(save);

    public void Handle(VersioningChangeSet changeSet)
    {
        var state = changeSet.State;
        List<LogRow>? rows = null;
        ActivityRowFactory? factory = null;

        foreach (var (entry, entityState, plan) in changeSet.Entries)
        {
            if (plan.Find<ActivityLogPlan>() is { } log)
            {
                var first = (rows ??= []).Count;
                AddEntryRows(changeSet, entry, entityState, log, plan.Find<IRowFamily>(), factory ??= new ActivityRowFactory(changeSet), rows);
                StampTenant(rows, first, EntityTenant.Of(plan, entry, changeSet.TenantId));
            }
        }

        foreach (var activity in state.Of<ActivityLogContextState>().PendingActivities)
        {
            AddManualRow(changeSet, activity, factory ??= new ActivityRowFactory(changeSet), rows ??= []);
        }

        if (rows is { Count: > 0 })
        {
            Write(changeSet, rows);
        }
    }

    private static void AddEntryRows(
        VersioningChangeSet changeSet,
        EntityEntry entry,
        EntityState entityState,
        ActivityLogPlan log,
        IRowFamily? family,
        ActivityRowFactory factory,
        List<LogRow> rows)
    {
        var reason = changeSet.Scope?.Reason;
        switch (entityState)
        {
            case EntityState.Added:
                AddCreateRows(entry, log, factory, rows, Details(reason, family?.RowName(entry.CurrentValues, next: false)));
                break;
            case EntityState.Deleted when family != null:
                var deleted = entry.CurrentValues;
                rows.Add(new LogRow(
                    factory.NewRow(log.Key.EntityTypeName, log.Key.Format([family.FamilyKey(deleted)]), ActivityLogActions.Delete, Details(reason, family.RowName(deleted, next: false))),
                    entry.Entity));
                break;
            case EntityState.Deleted:
                rows.Add(KeyedRow(factory, entry, log.Key, ActivityLogActions.Delete, reason) with { Entity = entry.Entity });
                break;
            case EntityState.Modified:
                // An update an earlier handler made a new row (a new revision): from the values it replaced to its own.
                var replaced = changeSet.FindReplaced(entry.Entity);
                PropertyValues originalValues = replaced?.Original ?? entry.OriginalValues, currentValues = replaced?.Current ?? entry.CurrentValues;
                string? entityId = null, details = null;
                EntityEntry? replacement = null;
                foreach (var property in log.Properties)
                {
                    if (!property.HasChanged(originalValues, currentValues, out var original, out var current))
                    {
                        continue;
                    }

                    if (entityId == null)
                    {
                        if (replaced != null && family == null)
                        {
                            // A new record under a new key: logged under the record it replaced, naming the new one.
                            entityId = log.Key.Format([replaced.OldKey]);
                            replacement = changeSet.Context.Entry(entry.Entity);
                            details = log.Key.IsTemporary(replacement) ? null : Details(reason, ReplacedBy + log.Key.Format(replacement));
                        }
                        else
                        {
                            entityId = family != null ? log.Key.Format([family.FamilyKey(originalValues)]) : log.Key.Format(entry);
                            details = Details(reason, family?.RowName(originalValues, next: replaced != null));
                        }
                    }

                    var row = factory.NewRow(log.Key.EntityTypeName, entityId, property.Action, details);
                    row.ChangedField = property.Field;
                    row.OldValue = property.Format(original);
                    row.NewValue = property.Format(current);
                    rows.Add(replacement != null && details == null
                        ? new LogRow(row, entry.Entity) { KeySource = replacement, Key = log.Key, DetailsAroundKey = DetailsAround(reason) }
                        : new LogRow(row, entry.Entity));
                }

                break;
        }
    }

    private const string ReplacedBy = "replaced by key ";

    /// <summary>
    /// The text around the key of a new record in <c>Details</c> (<c>replaced by key 42</c>, after the reason), when the
    /// key is known only once the database generated it.
    /// </summary>
    private static (string Before, string After) DetailsAround(string? reason)
        => reason == null ? (ReplacedBy, "") : (reason + " (" + ReplacedBy, ")");

    /// <summary>A row's <c>Details</c>: the scope's reason, and the name of the row the change made in its family.</summary>
    private static string? Details(string? reason, string? rowName)
        => rowName == null ? reason : reason == null ? rowName : reason + " (" + rowName + ")";

    /// <summary>The <c>CREATE</c> rows of an insert, as the entity type's <see cref="ActivityCreateValues"/> says.</summary>
    private static void AddCreateRows(EntityEntry entry, ActivityLogPlan log, ActivityRowFactory factory, List<LogRow> rows, string? reason)
    {
        if (log.CreateValues == ActivityCreateValues.None || log.Properties.Count == 0)
        {
            rows.Add(KeyedRow(factory, entry, log.Key, ActivityLogActions.Create, reason) with { Entity = entry.Entity });
            return;
        }

        var current = entry.CurrentValues;
        if (log.CreateValues == ActivityCreateValues.Snapshot)
        {
            var snapshot = new Dictionary<string, string?>(log.Properties.Count, StringComparer.Ordinal);
            foreach (var property in log.Properties)
            {
                snapshot[property.Field] = property.Format(current[property.Property]);
            }

            var row = KeyedRow(factory, entry, log.Key, ActivityLogActions.Create, reason) with { Entity = entry.Entity };
            row.Row.NewValue = JsonSerializer.Serialize(snapshot);
            rows.Add(row);
            return;
        }

        foreach (var property in log.Properties)
        {
            var row = KeyedRow(factory, entry, log.Key, ActivityLogActions.Create, reason) with { Entity = entry.Entity };
            row.Row.ChangedField = property.Field;
            row.Row.NewValue = property.Format(current[property.Property]);
            rows.Add(row);
        }
    }

    private static void AddManualRow(
        VersioningChangeSet changeSet,
        ManualActivity activity,
        ActivityRowFactory factory,
        List<LogRow> rows)
    {
        var context = changeSet.Context;
        var entry = context.Entry(activity.Entity);
        var details = activity.Details ?? changeSet.Scope?.Reason;
        if (entry.State != EntityState.Detached)
        {
            rows.Add(KeyedRow(factory, entry, EntityKeyText.For(entry.Metadata), activity.Action, details));
            StampTenant(rows, rows.Count - 1, EntityTenant.Of(VersioningSavePlan.For(context.Model).Find(entry.Metadata), entry, changeSet.TenantId));
            return;
        }

        // Not tracked: the key is read from the instance (LogActivity checked that it can be).
        var target = ActivityLogTarget.Of(context.Model, activity.Entity);
        rows.Add(new LogRow(factory.NewRow(target.Key.EntityTypeName, target.EntityId, activity.Action, details)));
    }

    /// <summary>The rows from <paramref name="first"/> on record one entity's change: they carry its tenant.</summary>
    private static void StampTenant(List<LogRow> rows, int first, string? tenant)
    {
        for (var i = first; i < rows.Count; i++)
        {
            rows[i].Row.TenantId = tenant;
        }
    }

    private static LogRow KeyedRow(ActivityRowFactory factory, EntityEntry entry, EntityKeyText key, string action, string? details)
        => key.IsTemporary(entry)
            ? new LogRow(factory.NewRow(key.EntityTypeName, "", action, details)) { KeySource = entry, Key = key }
            : new LogRow(factory.NewRow(key.EntityTypeName, key.Format(entry), action, details));

    private void Write(VersioningChangeSet changeSet, List<LogRow> rows)
    {
        // Rows that wait are written by a last batch of EF's save (PendingActivityWrite), before EF accepts anything,
        // whether EF or the application owns the transaction.
        var setBased = !_writerIsSetBased && rows.Count >= SetBasedThreshold;
        var map = setBased ? null : ActivityLogTableMap.For(changeSet.Context);
        PendingActivityWrite? pending = null;
        foreach (var logRow in rows)
        {
            var (row, entity, keySource, key) = logRow;
            if (setBased || keySource != null)
            {
                pending ??= new PendingActivityWrite();
                pending.Add(row, keySource, key, logRow.DetailsAroundKey);
            }
            else
            {
                changeSet.Rows.Add(map!.Layout, entity, map.ValuesOf(row));
            }
        }

        if (pending != null)
        {
            changeSet.RunInOneTransaction();
            changeSet.Keep(pending);
        }
    }

    /// <summary>
    /// One log row, with the entity whose statement may carry it, and for an inserted entity whose key the database
    /// generates, the entry and key to read that key from once it is known: the row's <c>EntityId</c>, or the key in its
    /// <c>Details</c> when <see cref="DetailsAroundKey"/> is set (a new record that replaced the logged one).
    /// </summary>
    private sealed record LogRow(ActivityLogEntry Row, object? Entity = null)
    {
        public EntityEntry? KeySource { get; init; }

        public EntityKeyText? Key { get; init; }

        public (string Before, string After)? DetailsAroundKey { get; init; }

        public void Deconstruct(out ActivityLogEntry row, out object? entity, out EntityEntry? keySource, out EntityKeyText? key)
            => (row, entity, keySource, key) = (Row, Entity, KeySource, Key);
    }
}
