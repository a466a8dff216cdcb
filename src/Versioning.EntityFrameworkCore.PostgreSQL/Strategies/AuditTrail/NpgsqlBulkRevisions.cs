using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail;

/// <summary>
/// Many new audit revisions of one table, written set-based when the provider's batch writes rows (PostgreSQL): as EF
/// entities, a retired row and a new one per entity cost 3x plain EF's updates at 1,000 rows
/// (the target was 2x). The new rows' keys are taken from the table's sequence in one round trip before EF runs; the new rows
/// are one <c>INSERT … SELECT FROM unnest</c> and the old rows one UPDATE of <c>IsCurrent</c> checked against its loaded
/// value (a <see cref="BatchedUpdate"/>), both in EF's batch and transaction, after EF's own commands. The audit trail's
/// unique constraints are checked at commit, so that order is safe. The application's instances become the new
/// revisions in the tracker before EF runs, unchanged, so that EF writes nothing for them; a failed save puts them back,
/// modified, under their old keys, and a save that does not accept its changes shows them as added.
/// </summary>
/// <remarks>
/// The first entry, and any that holds dependents through its navigations or is referenced by a tracked row, keep the
/// per-row replacement (<see cref="RowReplacement"/>): EF needs one command to carry the set-based statements, and a
/// replacement keeps tracked relationships on the old row. Tables qualify when their entries are whole rows
/// (<see cref="SetBasedTable.HoldsWholeRows"/>) and the database generates their key from a sequence and computes no
/// other column than the audit family.
/// </remarks>
internal sealed class NpgsqlBulkRevisions(ISqlGenerationHelper sql) : IBulkRevisionWriter
{
    /// <summary>Below this many revisions of one table, the per-row replacement costs no more.</summary>
    public const int MinimumRows = 10;

    /// <summary>Writes what it can of <paramref name="entries"/> set-based.</summary>
    /// <returns>The entries left to the per-row replacement.</returns>
    public List<EntityEntry> Write(VersioningChangeSet changeSet, EntitySavePlan plan, List<EntityEntry> entries)
    {
        var audit = plan.Find<AuditTrailPlan>()!;
        var entityType = plan.EntityType;
        if (entries.Count < MinimumRows || !Qualifies(entityType, audit.Key))
        {
            return entries;
        }

        var perRow = new List<EntityEntry> { entries[0] };
        var bulk = new List<EntityEntry>();
        for (var i = 1; i < entries.Count; i++)
        {
            (RowReplacement.StandsAlone(changeSet, entries[i]) ? bulk : perRow).Add(entries[i]);
        }

        if (bulk.Count < MinimumRows)
        {
            return entries;
        }

        var columns = entityType.GetProperties().Where(p => p.GetComputedColumnSql() == null).ToList();
        var tokens = entityType.GetProperties().Where(p => p.IsConcurrencyToken).ToList();
        var revisions = new List<(ReplacedInstance Instance, object?[] Row)>(bulk.Count);
        foreach (var entry in bulk)
        {
            var instance = new ReplacedInstance(entry, _ => { });
            changeSet.RecordReplaced(instance);
            changeSet.UndoLog.Record(instance.PutBack);
            var row = new object?[columns.Count];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = instance.Current[columns[c]];
            }

            var bookkeeping = AuditTrailHandler.NewRevision(changeSet, audit, instance.Original, instance.OldKey);
            Set(row, columns, bookkeeping);
            foreach (var stamps in plan.NewRowStamps)
            {
                Set(row, columns, stamps.InsertValues(changeSet.Timestamp, changeSet.ActorId));
            }

            // Until its key is known the instance is not tracked: EF must neither update it nor insert it.
            entry.State = EntityState.Detached;
            revisions.Add((instance, row));
        }

        changeSet.Defer((async, cancellationToken) => TrackAsNewRevisions(changeSet, audit, columns, tokens, revisions, async, cancellationToken));
        return perRow;
    }

    private static bool Qualifies(IEntityType entityType, IProperty key)
        => SetBasedTable.HoldsWholeRows(entityType)
            && !key.IsShadowProperty()
            && CanAllocateKeys(key)
            && entityType.GetProperties().All(p =>
                p == key
                || (p.GetComputedColumnSql() == null ? p.ValueGenerated == ValueGenerated.Never || HasClrDefault(p) : p.Name == AuditTrailPropertyNames.FamilyId))
            && !entityType.GetProperties().Any(p => p.IsConcurrencyToken && SetBasedTable.IsArray(p));

    // A column whose database default is its CLR type's default (soft delete's IsDeleted) is the same whether EF leaves
    // it to the database or the set-based insert writes the value.
    private static bool HasClrDefault(IProperty property)
        => property.ValueGenerated == ValueGenerated.OnAdd
            && property.GetDefaultValueSql() == null
            && property.GetDefaultValue() is { } value
            && value.GetType().IsValueType
            && Equals(value, Activator.CreateInstance(value.GetType()));

    /// <summary>
    /// Gives the new rows their keys and tracks the application's instances as those rows, unchanged: CLR properties get
    /// the row's values before the instance is tracked again (EF takes them as its loaded values), shadow ones after.
    /// </summary>
    private async Task TrackAsNewRevisions(
        VersioningChangeSet changeSet,
        AuditTrailPlan audit,
        List<IProperty> columns,
        List<IProperty> tokens,
        List<(ReplacedInstance Instance, object?[] Row)> revisions,
        bool async,
        CancellationToken cancellationToken)
    {
        var context = changeSet.Context;
        var keys = await AllocateKeysAsync(context, audit.Key, revisions.Count, async, cancellationToken).ConfigureAwait(false);
        var entityType = audit.Key.DeclaringType.ContainingEntityType;
        var family = entityType.FindProperty(AuditTrailPropertyNames.FamilyId);
        var keyColumn = columns.IndexOf(audit.Key);
        var rootColumn = columns.IndexOf(audit.RootId);
        var retire = new BatchedUpdate(entityType, audit.Key, [audit.IsCurrent], tokens);
        var writes = BatchedWrites.Of(changeSet);
        for (var i = 0; i < revisions.Count; i++)
        {
            var (instance, row) = revisions[i];
            row[keyColumn] = keys[i];
            var entry = context.Entry(instance.Entity);
            for (var c = 0; c < columns.Count; c++)
            {
                if (!columns[c].IsShadowProperty())
                {
                    entry.Property(columns[c]).CurrentValue = row[c];
                }
            }

            entry.State = EntityState.Unchanged;
            for (var c = 0; c < columns.Count; c++)
            {
                if (columns[c].IsShadowProperty())
                {
                    SetLoaded(entry, columns[c], row[c]);
                }
            }

            if (family != null)
            {
                // The stored column the database computes as COALESCE(RootId, key).
                SetLoaded(entry, family, row[rootColumn] ?? keys[i]);
            }

            writes.Append(entityType, columns, row);
            retire.Add(entry, instance.Original, value: false);

            // Saved without accepting, the new revision is what EF shows for a row it inserted: added, with its key.
            var entity = instance.Entity;
            changeSet.AcceptedEarly(() => context.Entry(entity).State = EntityState.Added);
        }

        writes.Add(retire);
        writes.InsertedEntries += revisions.Count;
        writes.RetiredEntries += revisions.Count;
    }

    private static void Set(object?[] row, List<IProperty> columns, (IProperty Property, object? Value)[] values)
    {
        foreach (var (property, value) in values)
        {
            row[columns.IndexOf(property)] = value;
        }
    }

    private static void SetLoaded(EntityEntry entry, IProperty property, object? value)
    {
        var propertyEntry = entry.Property(property);
        propertyEntry.CurrentValue = value;
        propertyEntry.OriginalValue = value;
        propertyEntry.IsModified = false;
    }

    /// <summary>
    /// Integer keys of an identity column that accepts explicit values (<c>GENERATED BY DEFAULT</c>) or of a serial
    /// column: both draw from a sequence that <c>pg_get_serial_sequence</c> finds.
    /// </summary>
    private static bool CanAllocateKeys(IProperty key)
    {
        var type = key.GetRelationalTypeMapping().Converter?.ProviderClrType ?? key.ClrType;
        return key.GetValueGenerationStrategy() is NpgsqlValueGenerationStrategy.IdentityByDefaultColumn or NpgsqlValueGenerationStrategy.SerialColumn
            && (type == typeof(int) || type == typeof(long) || type == typeof(short));
    }

    /// <summary><c>SELECT nextval(pg_get_serial_sequence('table', 'column')) FROM generate_series(1, count)</c>.</summary>
    private async Task<IReadOnlyList<object>> AllocateKeysAsync(
        DbContext context, IProperty key, int count, bool async, CancellationToken cancellationToken)
    {
        var entityType = key.DeclaringType.ContainingEntityType;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var query = context.Database.SqlQueryRaw<long>(
            "SELECT nextval(pg_get_serial_sequence({0}, {1})) AS \"Value\" FROM generate_series(1, {2})",
            sql.DelimitIdentifier(table.Name, table.Schema),
            key.GetColumnName(table)!,
            count);
        var values = async ? await query.ToListAsync(cancellationToken).ConfigureAwait(false) : query.ToList();

        var converter = key.GetRelationalTypeMapping().Converter;
        var providerType = converter?.ProviderClrType ?? key.ClrType;
        return [.. values.Select(v =>
        {
            var value = Convert.ChangeType(v, providerType, System.Globalization.CultureInfo.InvariantCulture);
            return converter == null ? value : converter.ConvertFromProvider(value)!;
        })];
    }
}
