using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata.Internal;

namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

/// <summary>
/// When the provider's batch writes <see cref="BatchedUpdate"/>s (PostgreSQL), the soft delete of many rows of one
/// table becomes one <c>UPDATE … WHERE key = ANY(@keys)</c> instead of one UPDATE per row (DESIGN §7: the per-row
/// UPDATEs cost twice plain EF's per-row DELETEs at 1,000 rows). The first soft-deleted entry of each table stays EF's
/// command, so EF has a batch to carry the statement; the others are accepted in the tracker as saved and written by the
/// statement, which fails the save as a concurrency failure unless it updates exactly their rows.
/// </summary>
/// <remarks>
/// Only entries whose update is nothing but the soft-delete (and stamp) columns, all with the same values, qualify, on
/// tables where a row is found by its key alone: no concurrency token, no columns the database computes on update, no
/// inheritance or table sharing, a single-column key that is not an array itself, and no strategy that writes a row per
/// entity (history, log, revisions).
/// </remarks>
internal sealed class SetBasedSoftDeleteHandler(IEnumerable<IBatchedWritesSupport> batchedWrites) : IVersioningHandler
{
    /// <summary>Below this many rows of one table, EF's per-row statements cost no more than the set-based one.</summary>
    public const int MinimumRows = 10;

    private readonly bool _enabled = batchedWrites.Any();

    public int Order => VersioningHandlerOrder.SetBasedSoftDelete;

    public void Handle(VersioningChangeSet changeSet)
    {
        if (!_enabled)
        {
            return;
        }

        // Per table, the soft-deleted entries; null for a table that does not qualify (checked once per save).
        Dictionary<IEntityType, List<EntityEntry>?>? candidates = null;
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (state == EntityState.Deleted && entry.State == EntityState.Modified && plan.SoftDelete != null)
            {
                candidates ??= [];
                if (!candidates.TryGetValue(plan.EntityType, out var entries))
                {
                    candidates[plan.EntityType] = entries = Qualifies(plan) ? [] : null;
                }

                entries?.Add(entry);
            }
        }

        if (candidates == null)
        {
            return;
        }

        foreach (var (entityType, entries) in candidates)
        {
            if (entries?.Count >= MinimumRows)
            {
                Collapse(changeSet, entityType, entries!);
            }
        }
    }

    private static bool Qualifies(EntitySavePlan plan)
    {
        var entityType = plan.EntityType;
        return plan.TemporalHistory == null
            && plan.ActivityLog == null
            && plan.AuditTrail == null
            && entityType.BaseType == null
            && !entityType.GetDirectlyDerivedTypes().Any()
            && !entityType.IsOwned()
            && entityType.FindPrimaryKey() is { Properties: [var key] }
            && !(key.GetRelationalTypeMapping().Converter?.ProviderClrType ?? key.ClrType).IsArray // keys go in as one array
            && entityType.GetTableName() != null
            && entityType.GetTableMappings().All(m => m.Table.EntityTypeMappings.Count() == 1)
            && !entityType.GetProperties().Any(p => p.IsConcurrencyToken || p.ValueGenerated.HasFlag(ValueGenerated.OnUpdate));
    }

    private static void Collapse(VersioningChangeSet changeSet, IEntityType entityType, List<EntityEntry> entries)
    {
        // The first entry carries the statement as EF's own command and sets the pattern the others must match.
        var carrier = entries[0];
        var columns = entityType.GetProperties().Where(p => carrier.Property(p).IsModified).ToList();
        var values = columns.Select(p => carrier.CurrentValues[p]).ToArray();
        var key = entityType.FindPrimaryKey()!.Properties[0];
        var update = new BatchedUpdate(entityType, columns, values, key);
        for (var i = 1; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (Matches(entry, entityType, columns, values))
            {
                update.Keys.Add([entry.CurrentValues[key]]);
                update.Entries.Add(entry);
                changeSet.AcceptAsSaved(entry, columns);
            }
        }

        if (update.Entries.Count > 0)
        {
            changeSet.Batched().Add(update);
        }
    }

    private static bool Matches(EntityEntry entry, IEntityType entityType, List<IProperty> columns, object?[] values)
    {
        var modified = 0;
        foreach (var property in entityType.GetProperties())
        {
            if (entry.Property(property).IsModified)
            {
                var index = columns.IndexOf(property);
                if (index < 0 || !Equals(entry.CurrentValues[property], values[index]))
                {
                    return false;
                }

                modified++;
            }
        }

        return modified == columns.Count;
    }
}
