using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Diagnostics;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// On PostgreSQL, where <see cref="VersioningNpgsqlModificationCommandBatch"/> writes <see cref="BatchedUpdate"/>s, the
/// row writer (<see cref="NpgsqlRowWriter"/>) makes the updates of many versioned rows of
/// one table that change the same columns become one <c>UPDATE … FROM unnest(@keys, @values, …)</c> instead of one
/// UPDATE per row: the temporal and log rows of a large save are already one set-based insert per table, and EF's
/// per-row UPDATEs were then most of the save (the performance baseline in ARCHITECTURE.md: the raw floor of one INSERT … SELECT plus one set-based UPDATE
/// is a quarter of plain EF's cost at 1,000 rows). The first entry of each group stays EF's command, so EF has a batch
/// to carry the statement; the others are accepted in the tracker as saved and written by the statement, which fails
/// the save as a concurrency failure unless it updates exactly their rows (concurrency tokens included).
/// </summary>
/// <remarks>
/// <para>
/// The versioned entries that stay modified after every handler qualify (updates, soft deletes, and the old rows
/// that audit trail and replace-on-update retire), unless rows ride in their own statement. Their table must find a
/// row by its key alone (<see cref="SetBasedTable.HoldsWholeRows"/>) and compute no column on update.
/// </para>
/// <para>
/// EF orders its commands so that foreign keys and unique indexes hold after each one; the set-based statement runs
/// after all of them. So a changed column must not be in a key, a foreign key or a unique index checked immediately,
/// and the table must have no filtered unique index checked immediately (its filter may read any changed column, as
/// the soft-delete flag does). Deferred constraints (audit trail's) are checked at commit and do not count.
/// </para>
/// </remarks>
internal static class SetBasedUpdates
{
    /// <summary>Below this many rows of one table, EF's per-row statements cost no more than the set-based one.</summary>
    public const int MinimumRows = 10;

    /// <summary>
    /// Takes the updated entries that qualify out of EF's commands into set-based updates of <paramref name="writes"/>.
    /// Runs once every handler has seen the entries and the save's rows are attached.
    /// </summary>
    public static void Collapse(VersioningChangeSet changeSet, BatchedWrites writes)
    {
        // Most saves are small: they need no look at the model.
        if (changeSet.Entries.Count + changeSet.Replacements.Count < MinimumRows)
        {
            return;
        }

        // Per table, the groups of entries changing the same columns; null for a table that does not qualify.
        Dictionary<IEntityType, TableUpdates?>? tables = null;
        foreach (var (entry, _, _) in changeSet.Entries)
        {
            Consider(writes, entry, ref tables);
        }

        foreach (var (oldRow, _) in changeSet.Replacements)
        {
            Consider(writes, oldRow, ref tables);
        }

        if (tables == null)
        {
            return;
        }

        var log = changeSet.Context.GetService<VersioningLog>();
        foreach (var (entityType, updates) in tables)
        {
            if (updates == null)
            {
                if (log.IsDebugEnabled)
                {
                    log.SetBasedWriteDeclined(entityType.GetTableName() ?? entityType.DisplayName(), TableUpdates.WhyNot(entityType));
                }

                continue;
            }

            foreach (var group in updates.Groups)
            {
                if (group.Entries.Count >= MinimumRows)
                {
                    Collapse(changeSet, writes, updates, group);
                    if (log.IsDebugEnabled)
                    {
                        log.SetBasedWriteChosen(
                            entityType.GetTableName() ?? entityType.DisplayName(), group.Entries.Count, string.Join(", ", group.Columns.Select(c => c.Name)));
                    }
                }
            }
        }
    }

    private static void Consider(BatchedWrites writes, EntityEntry entry, ref Dictionary<IEntityType, TableUpdates?>? tables)
    {
        if (entry.State != EntityState.Modified || writes.HasAttached(entry.Entity))
        {
            return;
        }

        var entityType = entry.Metadata;
        tables ??= [];
        if (!tables.TryGetValue(entityType, out var updates))
        {
            tables[entityType] = updates = TableUpdates.For(entityType);
        }

        updates?.Add(entry);
    }

    private static void Collapse(VersioningChangeSet changeSet, BatchedWrites writes, TableUpdates table, UpdateGroup group)
    {
        var update = new BatchedUpdate(table.EntityType, table.Key, group.Columns, table.Tokens);
        for (var i = 1; i < group.Entries.Count; i++)
        {
            var entry = group.Entries[i];
            update.Add(entry, entry.OriginalValues, entry.CurrentValues);
            changeSet.AcceptAsSaved(entry, group.Columns);
        }

        writes.Add(update);
    }

    /// <summary>The entries of one qualifying table, grouped by the columns they change.</summary>
    private sealed class TableUpdates
    {
        private readonly HashSet<IProperty> _writable;

        private TableUpdates(IEntityType entityType, IProperty key, IReadOnlyList<IProperty> tokens, HashSet<IProperty> writable)
        {
            EntityType = entityType;
            Key = key;
            Tokens = tokens;
            _writable = writable;
        }

        public IEntityType EntityType { get; }

        public IProperty Key { get; }

        public IReadOnlyList<IProperty> Tokens { get; }

        public List<UpdateGroup> Groups { get; } = [];

        /// <summary>Why the entries of <paramref name="entityType"/> keep EF's own statements (for the log).</summary>
        public static string WhyNot(IEntityType entityType)
            => TableDeclines(entityType) ?? "a column is computed on update, or a concurrency token is an array";

        /// <summary>The table's columns a set-based statement may write, or <see langword="null"/> when it has none.</summary>
        public static TableUpdates? For(IEntityType entityType)
        {
            if (TableDeclines(entityType) != null)
            {
                return null;
            }

            var tokens = new List<IProperty>();
            var writable = new HashSet<IProperty>();
            foreach (var property in ComplexMembers.RowPropertiesOf<IProperty>(entityType))
            {
                if (property.ValueGenerated.HasFlag(ValueGenerated.OnUpdate) || property.IsConcurrencyToken && SetBasedTable.IsArray(property))
                {
                    return null;
                }

                if (property.IsConcurrencyToken)
                {
                    tokens.Add(property);
                }

                if (!property.IsKey()
                    && !property.IsForeignKey()
                    && !SetBasedTable.IsArray(property)
                    && !property.GetContainingIndexes().Any(i => i.IsUnique && !IsDeferred(i)))
                {
                    writable.Add(property);
                }
            }

            return new TableUpdates(entityType, entityType.FindPrimaryKey()!.Properties[0], tokens, writable);
        }

        public void Add(EntityEntry entry)
        {
            List<IProperty>? columns = null;
            foreach (var property in EntryProperties.Of(entry))
            {
                if (property.IsModified)
                {
                    if (!_writable.Contains(property.Metadata))
                    {
                        return;
                    }

                    (columns ??= []).Add(property.Metadata);
                }
            }

            if (columns == null)
            {
                return;
            }

            foreach (var group in Groups)
            {
                if (group.Columns.SequenceEqual(columns))
                {
                    group.Entries.Add(entry);
                    return;
                }
            }

            Groups.Add(new UpdateGroup(columns) { Entries = { entry } });
        }

        /// <summary>Why the table as a whole cannot be updated set-based, or <see langword="null"/> when it can.</summary>
        private static string? TableDeclines(IEntityType entityType)
            => !SetBasedTable.HoldsWholeRows(entityType, withComplexColumns: true)
                ? "its entries are not whole rows of a table of its own (inheritance, owned types, table sharing, entity splitting, JSON or collection complex properties, stored procedures, or a composite or array key)"
                : entityType.GetIndexes().Any(i => i.IsUnique && i.GetFilter() != null && !IsDeferred(i))
                    ? "it has a filtered unique index checked at once"
                    : null;

        private static bool IsDeferred(IIndex index)
            => index.FindAnnotation(VersioningAnnotationNames.DeferredConstraint)?.Value is true;
    }

    /// <summary>Entries of one table that change the same columns.</summary>
    private sealed class UpdateGroup(List<IProperty> columns)
    {
        public List<IProperty> Columns { get; } = columns;

        public List<EntityEntry> Entries { get; } = [];
    }
}
