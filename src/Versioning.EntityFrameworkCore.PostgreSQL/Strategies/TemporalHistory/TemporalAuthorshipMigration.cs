using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.TemporalHistory;

/// <summary>
/// Moves the authors of an existing temporal table's versions between the two meanings of <c>ChangedBy</c>. History
/// tables made before authorship kept in a history row's <c>ChangedBy</c> who <em>ended</em> its period; they now keep
/// each version's author (on the entity too, for the current version) and, in <c>RemovedBy</c>, who deleted the row.
/// A migration that adds <c>RemovedBy</c> to a history table (Up) therefore, once the columns exist:
/// <list type="number">
/// <item>sets <c>RemovedBy</c> of each history row whose period a delete ended (no next version starts where it ends) to
/// its old <c>ChangedBy</c>;</item>
/// <item>sets the entity's <c>ChangedBy</c> to the old <c>ChangedBy</c> of the version before the current one (its
/// author);</item>
/// <item>sets each history row's <c>ChangedBy</c> to the old <c>ChangedBy</c> of the version before it (the first
/// version's author was never recorded: <see langword="null"/>).</item>
/// </list>
/// A migration that drops the entity's <c>ChangedBy</c> again (Down) first gives each history row the author of the
/// version after it, or the deleter. PostgreSQL evaluates each UPDATE against the rows as they were before it, so one
/// statement shifts a whole table. The entity's update is marked as Versioning's own write (<c>versioning.writer</c>, in
/// the migration's transaction), so capture triggers, re-created before it, do not take it for a new version.
/// </summary>
internal static class TemporalAuthorshipMigration
{
    /// <summary>The statements of the migration's authorship moves, before or after its operations.</summary>
    public static IEnumerable<string> For(IReadOnlyList<MigrationOperation> operations, bool beforeOperations, IModel? model, ISqlGenerationHelper sql)
    {
        if (model == null)
        {
            yield break;
        }

        foreach (var operation in operations)
        {
            var statements = (operation, beforeOperations) switch
            {
                (AddColumnOperation add, false) => Up(add, model, sql),
                (DropColumnOperation drop, true) => Down(drop, operations, model, sql),
                _ => [],
            };
            foreach (var statement in statements)
            {
                yield return statement;
            }
        }
    }

    private static IEnumerable<string> Up(AddColumnOperation operation, IModel model, ISqlGenerationHelper sql)
    {
        if (HistoryOf(model, operation.Table, operation.Schema) is not { } history
            || history.Table.FindColumn(operation.Name)?.PropertyMappings.Any(m => m.Property.Name == TemporalPropertyNames.RemovedBy) != true
            || model.FindEntityType(history.EntityType.GetTemporalHistoryOf()!) is not { } entityType
            || entityType.FindProperty(TemporalPropertyNames.ChangedBy) is not { } author)
        {
            return [];
        }

        var t = new Tables(entityType, history.EntityType, sql);
        var entityAuthor = t.EntityColumn(author);
        var removedBy = sql.DelimitIdentifier(operation.Name);
        return
        [
            // SET, not set_config(): an idempotent migration script runs each statement inside a DO block, where a bare
            // SELECT is an error.
            "SET LOCAL versioning.writer = 'on'",
            $"UPDATE {t.History} AS h SET {removedBy} = h.{t.HistoryChangedBy} "
                + $"WHERE NOT EXISTS (SELECT 1 FROM {t.History} AS n WHERE {t.Next("n", "h", history: true)}) "
                + $"AND NOT EXISTS (SELECT 1 FROM {t.Entity} AS e WHERE {t.Next("e", "h", history: false)})",
            $"UPDATE {t.Entity} AS e SET {entityAuthor} = h.{t.HistoryChangedBy} FROM {t.History} AS h WHERE {t.Next("e", "h", history: false)}",
            $"UPDATE {t.History} AS h SET {t.HistoryChangedBy} = (SELECT p.{t.HistoryChangedBy} FROM {t.History} AS p WHERE {t.Next("h", "p", history: true)})",
            "SET LOCAL versioning.writer = ''",
        ];
    }

    private static IEnumerable<string> Down(DropColumnOperation operation, IReadOnlyList<MigrationOperation> operations, IModel model, ISqlGenerationHelper sql)
    {
        // The entity's author column goes: the target model's entity type has no ChangedBy, its history has one.
        if (model.GetRelationalModel().FindTable(operation.Table, operation.Schema) is not { } table
            || table.EntityTypeMappings.Select(m => m.TypeBase).OfType<IEntityType>().FirstOrDefault(e => e.IsTemporal()) is not { } entityType
            || entityType.FindProperty(TemporalPropertyNames.ChangedBy) != null
            || entityType.FindTemporalHistoryEntityType() is not IEntityType historyType
            || HistoryOf(model, historyType.GetTableName()!, historyType.GetSchema()) is not { } history
            || historyType.FindProperty(TemporalPropertyNames.ChangedBy) is not { } changedBy
            || changedBy.GetColumnName(StoreObjectIdentifier.Table(history.Table.Name, history.Table.Schema)) != operation.Name)
        {
            return [];
        }

        var t = new Tables(entityType, historyType, sql);
        var entityAuthor = sql.DelimitIdentifier(operation.Name);

        // The deleter, when the migration drops exactly one column of the history that its target model lacks.
        var dropped = operations.OfType<DropColumnOperation>()
            .Where(d => d.Table == history.Table.Name && d.Schema == history.Table.Schema && history.Table.FindColumn(d.Name) == null)
            .ToList();
        var deleter = dropped.Count == 1 ? ", h." + sql.DelimitIdentifier(dropped[0].Name) : "";
        return
        [
            $"UPDATE {t.History} AS h SET {t.HistoryChangedBy} = COALESCE("
                + $"(SELECT n.{t.HistoryChangedBy} FROM {t.History} AS n WHERE {t.Next("n", "h", history: true)}), "
                + $"(SELECT e.{entityAuthor} FROM {t.Entity} AS e WHERE {t.Next("e", "h", history: false)}){deleter})",
        ];
    }

    private static (IEntityType EntityType, ITable Table)? HistoryOf(IModel model, string table, string? schema)
        => model.GetRelationalModel().FindTable(table, schema) is { } found
            && TemporalHistoryNpgsqlStrategy.FindHistoryEntityType(found) is { } history
                ? (history, found)
                : null;

    /// <summary>The entity's table and its history's, and how a version's row finds the one after it.</summary>
    private sealed class Tables
    {
        private readonly IEntityType _entityType;
        private readonly IEntityType _history;
        private readonly StoreObjectIdentifier _entityTable;
        private readonly StoreObjectIdentifier _historyTable;
        private readonly ISqlGenerationHelper _sql;

        public Tables(IEntityType entityType, IEntityType history, ISqlGenerationHelper sql)
        {
            (_entityType, _history, _sql) = (entityType, history, sql);
            _entityTable = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            _historyTable = StoreObjectIdentifier.Table(history.GetTableName()!, history.GetSchema());
            Entity = sql.DelimitIdentifier(_entityTable.Name, _entityTable.Schema);
            History = sql.DelimitIdentifier(_historyTable.Name, _historyTable.Schema);
            HistoryChangedBy = HistoryColumn(TemporalPropertyNames.ChangedBy);
        }

        public string Entity { get; }

        public string History { get; }

        public string HistoryChangedBy { get; }

        public string EntityColumn(IProperty property) => _sql.DelimitIdentifier(property.GetColumnName(_entityTable)!);

        /// <summary>
        /// <paramref name="next"/> (a history row when <paramref name="history"/>, else the entity's row) is the version
        /// after the history row <paramref name="row"/>, started by the update that ended it: same key, version + 1,
        /// starting where it ended.
        /// </summary>
        public string Next(string next, string row, bool history)
        {
            string Column(string name) => history ? HistoryColumn(name) : EntityColumn(_entityType.GetProperty(name));
            return string.Join(
                " AND ",
                _entityType.FindPrimaryKey()!.Properties.Select(p => $"{next}.{Column(p.Name)} = {row}.{HistoryColumn(p.Name)}")
                    .Append($"{next}.{Column(TemporalPropertyNames.Version)} = {row}.{HistoryColumn(TemporalPropertyNames.Version)} + 1")
                    .Append($"{next}.{Column(TemporalPropertyNames.ValidFrom)} = {row}.{HistoryColumn(TemporalPropertyNames.ValidTo)}"));
        }

        private string HistoryColumn(string name) => _sql.DelimitIdentifier(_history.GetProperty(name).GetColumnName(_historyTable)!);
    }
}
