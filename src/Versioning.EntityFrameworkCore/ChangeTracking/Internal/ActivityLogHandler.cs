using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata.Internal;

namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

/// <summary>
/// Writes the activity log of a save: one CREATE row per insert, one row per changed logged property of an update
/// (old and new values from EF's original and current values, no query), one DELETE row per delete (the state the
/// application left, so a soft delete counts as a delete), and the manual activities waiting on the context. Every
/// row of the save shares its timestamp, actor and correlation id. Small saves add the rows as EF entities to EF's
/// batch; large ones, and rows whose key the database has yet to generate, are written by <see cref="ActivityLogDeferredWrite"/>
/// in the same transaction.
/// </summary>
internal sealed class ActivityLogHandler : IVersioningHandler
{
    /// <summary>
    /// From this many rows on, one set-based insert beats EF entities in EF's batch (DESIGN §7 measured the two
    /// crossing near 10 rows: below it the extra statement costs more than the EF entities it saves).
    /// </summary>
    public const int SetBasedThreshold = 16;

    public int Order => VersioningHandlerOrder.ActivityLog;

    public void Handle(VersioningChangeSet changeSet)
    {
        var state = changeSet.Context.GetService<VersioningContextState>();
        List<(ActivityLogEntry Row, EntityEntry? KeySource, ActivityLogKey? Key)>? rows = null;
        var correlationId = changeSet.Scope?.CorrelationId ?? Guid.CreateVersion7().ToString();

        foreach (var (entry, entityState, plan) in changeSet.Entries)
        {
            if (plan.ActivityLog is { } log)
            {
                AddEntryRows(changeSet, entry, entityState, log, correlationId, rows ??= []);
            }
        }

        foreach (var activity in state.PendingActivities)
        {
            AddManualRow(changeSet, activity, correlationId, rows ??= []);
        }

        if (rows is { Count: > 0 })
        {
            Write(changeSet, state, rows);
        }
    }

    private static void AddEntryRows(
        VersioningChangeSet changeSet,
        EntityEntry entry,
        EntityState entityState,
        ActivityLogPlan log,
        string correlationId,
        List<(ActivityLogEntry, EntityEntry?, ActivityLogKey?)> rows)
    {
        switch (entityState)
        {
            case EntityState.Added:
                rows.Add(KeyedRow(changeSet, entry, log.Key, ActivityLogActions.Create, correlationId, changeSet.Scope?.Reason));
                break;
            case EntityState.Deleted:
                rows.Add(KeyedRow(changeSet, entry, log.Key, ActivityLogActions.Delete, correlationId, changeSet.Scope?.Reason));
                break;
            case EntityState.Modified:
                string? entityId = null;
                PropertyValues originalValues = entry.OriginalValues, currentValues = entry.CurrentValues;
                foreach (var property in log.Properties)
                {
                    if (!property.HasChanged(originalValues, currentValues, out var original, out var current))
                    {
                        continue;
                    }

                    var row = NewRow(changeSet, log.Key.EntityTypeName, entityId ??= log.Key.Format(entry), property.Action, correlationId, changeSet.Scope?.Reason);
                    row.ChangedField = property.Property.Name;
                    row.OldValue = property.Format(original);
                    row.NewValue = property.Format(current);
                    rows.Add((row, null, null));
                }

                break;
        }
    }

    private static void AddManualRow(
        VersioningChangeSet changeSet,
        ManualActivity activity,
        string correlationId,
        List<(ActivityLogEntry, EntityEntry?, ActivityLogKey?)> rows)
    {
        var context = changeSet.Context;
        var entry = context.Entry(activity.Entity);
        var details = activity.Details ?? changeSet.Scope?.Reason;
        if (entry.State != EntityState.Detached)
        {
            rows.Add(KeyedRow(changeSet, entry, ActivityLogKey.For(entry.Metadata), activity.Action, correlationId, details));
            return;
        }

        // Not tracked: the key is read from the instance (LogActivity checked that it can be).
        var target = ActivityLogTarget.Of(context.Model, activity.Entity);
        rows.Add((NewRow(changeSet, target.Key.EntityTypeName, target.EntityId, activity.Action, correlationId, details), null, null));
    }

    private static (ActivityLogEntry, EntityEntry?, ActivityLogKey?) KeyedRow(
        VersioningChangeSet changeSet, EntityEntry entry, ActivityLogKey key, string action, string correlationId, string? details)
        => key.IsTemporary(entry)
            ? (NewRow(changeSet, key.EntityTypeName, "", action, correlationId, details), entry, key)
            : (NewRow(changeSet, key.EntityTypeName, key.Format(entry), action, correlationId, details), null, null);

    private static ActivityLogEntry NewRow(
        VersioningChangeSet changeSet, string entityType, string entityId, string action, string correlationId, string? details)
        => new()
        {
            Id = Guid.CreateVersion7(changeSet.Timestamp),
            Timestamp = changeSet.Timestamp,
            Action = action,
            ActorId = changeSet.ActorId,
            EntityType = entityType,
            EntityId = entityId,
            Details = details,
            CorrelationId = correlationId,
        };

    private static void Write(
        VersioningChangeSet changeSet, VersioningContextState state, List<(ActivityLogEntry Row, EntityEntry? KeySource, ActivityLogKey? Key)> rows)
    {
        var database = changeSet.Context.Database;
        var ownTransaction = database.CurrentTransaction != null || System.Transactions.Transaction.Current != null;
        var beforeCommit = !ownTransaction && database.AutoTransactionBehavior != AutoTransactionBehavior.Never;

        // Inside the application's transaction a later statement would run after EF accepted the changes, so only the
        // rows that cannot be known earlier (generated keys) wait; the others ride in EF's batch whatever their number.
        var setBased = beforeCommit && rows.Count >= SetBasedThreshold;
        PendingActivityWrite? pending = null;
        foreach (var (row, keySource, key) in rows)
        {
            if (setBased || keySource != null)
            {
                pending ??= Defer(database, beforeCommit);
                pending.Add(row, keySource, key);
            }
            else
            {
                changeSet.Add(row);
            }
        }

        state.PendingActivityWrite = pending;
    }

    private static PendingActivityWrite Defer(DatabaseFacade database, bool beforeCommit)
    {
        if (!beforeCommit)
        {
            return new PendingActivityWrite(beforeCommit: false, restoreBehavior: null);
        }

        // The rows are written when EF commits, so EF must use a transaction even for a single statement.
        var restore = database.AutoTransactionBehavior;
        database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        return new PendingActivityWrite(beforeCommit: true, restore);
    }
}
