using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Writes the SQL a temporal query starts from: the current table's rows UNION ALL the history table's rows, each
/// branch filtered by the period (so an as-of query reads only the rows of its period, and a key predicate that EF
/// composes outside reaches both branches' indexes), returning exactly the entity's columns so that EF materializes
/// the entity type and composes further LINQ around it. Parameters are <c>{0}</c> (from) and <c>{1}</c> (to); an as-of
/// query uses only <c>{0}</c>. Each text is built once per model and kind and kept in the entity type's plan;
/// <see cref="TemporalQuerySqlProcessor"/> recognises a temporal root by that instance (<see cref="IsTemporal(IModel, string)"/>).
/// </summary>
internal static class TemporalQuerySql
{
    /// <summary>
    /// Whether <paramref name="sql"/>, the SQL of a FromSql root, is one of the texts this class built for
    /// <paramref name="model"/>: compared by reference, so an application's own FromSql is never taken for one, whatever
    /// its text.
    /// </summary>
    public static bool IsTemporal(IModel model, string sql)
    {
        foreach (var plan in VersioningSavePlan.For(model).Plans)
        {
            if (plan.Find<TemporalHistoryPlan>() is { } temporal && IsTemporal(temporal, sql))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="sql"/> is one of the texts this class built for <paramref name="plan"/>'s entity type (by reference).</summary>
    public static bool IsTemporal(TemporalHistoryPlan plan, string sql)
    {
        foreach (var text in plan.QuerySql)
        {
            if (ReferenceEquals(text, sql))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns the SQL for the filter's kind, built once per model and kind: the text only depends on the model (the
    /// times are parameters), and rebuilding it on every query showed in the as-of benchmark. The SQL generation helper
    /// is resolved only to build it, not on every query.
    /// </summary>
    public static string Get<TEntity>(TemporalHistoryPlan plan, DbSet<TEntity> set, TemporalPeriodFilter filter)
        where TEntity : class
    {
        var slot = filter.Kind == TemporalPeriodKind.ContainedIn && filter.To == DateTime.MaxValue ? TemporalHistoryPlan.QuerySqlSlots - 1 : (int)filter.Kind;
        return InSlot(plan, slot, () => Build(plan, set.EntityType, filter, set.GetService<ISqlGenerationHelper>()));
    }

    /// <summary>The as-of SQL of <paramref name="entityType"/> (the same instance <see cref="Get"/> returns for an as-of query).</summary>
    public static string GetAsOf(TemporalHistoryPlan plan, IEntityType entityType, ISqlGenerationHelper sql)
        => InSlot(plan, (int)TemporalPeriodKind.AsOf, () => Build(plan, entityType, TemporalPeriodFilter.AsOf(default), sql));

    // One instance per slot, even when two queries build it at once: it is what IsTemporal recognises.
    private static string InSlot(TemporalHistoryPlan plan, int slot, Func<string> build)
        => plan.QuerySql[slot]
            ?? Interlocked.CompareExchange(ref plan.QuerySql[slot], build(), null)
            ?? plan.QuerySql[slot]!;

    /// <summary>Whether <paramref name="sql"/> is the as-of SQL of <paramref name="plan"/>'s entity type.</summary>
    public static bool IsAsOf(TemporalHistoryPlan plan, string sql) => ReferenceEquals(plan.QuerySql[(int)TemporalPeriodKind.AsOf], sql);

    private static string Build(TemporalHistoryPlan plan, IEntityType entityType, TemporalPeriodFilter filter, ISqlGenerationHelper sql)
    {
        var current = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var history = StoreObjectIdentifier.Table(plan.History.GetTableName()!, plan.History.GetSchema());

        var builder = new StringBuilder("SELECT ");
        AppendColumns(builder, plan, entityType, current, current, sql);
        builder.Append(" FROM ").Append(sql.DelimitIdentifier(current.Name, current.Schema)).Append(" AS c");
        AppendCurrentFilter(builder, plan, current, filter, sql);

        builder.Append(" UNION ALL SELECT ");
        AppendColumns(builder, plan, plan.History, history, current, sql);
        builder.Append(" FROM ").Append(sql.DelimitIdentifier(history.Name, history.Schema)).Append(" AS c");
        AppendHistoryFilter(builder, plan, history, filter, sql);
        return builder.ToString();
    }

    /// <summary>The columns of <paramref name="source"/> (the entity type, or its history) as EF reads the entity's, <paramref name="current"/> being the entity's table.</summary>
    private static void AppendColumns(
        StringBuilder builder, TemporalHistoryPlan plan, IEntityType source, StoreObjectIdentifier table, StoreObjectIdentifier current, ISqlGenerationHelper sql)
    {
        var mirrored = 0;
        for (var i = 0; i < plan.RowProperties.Count; i++)
        {
            var property = plan.RowProperties[i];
            if (i > 0)
            {
                builder.Append(", ");
            }

            var name = property.GetDefaultColumnMappings().First().Column.Name;
            if (mirrored == plan.MirroredProperties.Count || plan.MirroredProperties[mirrored] != property)
            {
                // Not kept in the history (TemporalRedaction.Exclude): the current row has it, past versions have no value.
                builder.Append(ReferenceEquals(source, plan.History) ? "NULL" : "c." + sql.DelimitIdentifier(property.GetColumnName(table)!))
                    .Append(" AS ").Append(sql.DelimitIdentifier(name));
                continue;
            }

            var index = mirrored++;

            // PostgreSQL parses and plans this text on every execution (unless the statement is prepared), so an alias is
            // written only where the column's name differs from the one EF reads. EF reads a SQL query root by the
            // columns of the entity's default mapping: the table's names, except that a complex property's columns
            // keep EF's own default names there (Home_City) even when a naming convention renamed them (home_city).
            var isHistory = ReferenceEquals(source, plan.History);
            var column = (isHistory ? plan.HistoryProperties[index] : property).GetColumnName(table)!;
            if (isHistory && plan.HistoryProperties[index].GetColumnType(table) is var historyType
                && property.GetColumnType(current) is var currentType && historyType != currentType)
            {
                // A column of a type the history stores as another (PostgreSQL's xmin, an xid, is a bigint there): read
                // back as the current table's type, through text, so that both branches have one type.
                builder.Append("CAST(CAST(c.").Append(sql.DelimitIdentifier(column)).Append(" AS text) AS ").Append(currentType).Append(") AS ")
                    .Append(sql.DelimitIdentifier(name));
                continue;
            }

            builder.Append("c.").Append(sql.DelimitIdentifier(column));
            if (column != name)
            {
                builder.Append(" AS ").Append(sql.DelimitIdentifier(name));
            }
        }
    }

    private static void AppendCurrentFilter(
        StringBuilder builder, TemporalHistoryPlan plan, StoreObjectIdentifier table, TemporalPeriodFilter filter, ISqlGenerationHelper sql)
    {
        // The current row's period ends "forever", so only its start is compared (EF SQL Server's current rows end at 9999-12-31).
        var validFrom = "c." + sql.DelimitIdentifier(plan.ValidFrom.Property.GetColumnName(table)!);
        var condition = filter.Kind switch
        {
            TemporalPeriodKind.All => null,
            TemporalPeriodKind.AsOf => $"{validFrom} <= {{0}}",
            TemporalPeriodKind.FromTo => $"{validFrom} < {{1}}",
            TemporalPeriodKind.Between => $"{validFrom} <= {{1}}",
            TemporalPeriodKind.ContainedIn => filter.To == DateTime.MaxValue ? $"{validFrom} >= {{0}}" : "1 = 0",
            _ => throw new ArgumentOutOfRangeException(nameof(filter)),
        };
        AppendWhere(builder, condition);
    }

    private static void AppendHistoryFilter(
        StringBuilder builder, TemporalHistoryPlan plan, StoreObjectIdentifier table, TemporalPeriodFilter filter, ISqlGenerationHelper sql)
    {
        var validFrom = "c." + sql.DelimitIdentifier(plan.History.GetProperty(TemporalPropertyNames.ValidFrom).GetColumnName(table)!);
        var validTo = "c." + sql.DelimitIdentifier(plan.History.GetProperty(TemporalPropertyNames.ValidTo).GetColumnName(table)!);
        var condition = filter.Kind switch
        {
            TemporalPeriodKind.All => null,
            TemporalPeriodKind.AsOf => $"{validFrom} <= {{0}} AND {validTo} > {{0}}",
            TemporalPeriodKind.FromTo => $"{validFrom} < {{1}} AND {validTo} > {{0}}",
            TemporalPeriodKind.Between => $"{validFrom} <= {{1}} AND {validTo} > {{0}}",
            TemporalPeriodKind.ContainedIn => $"{validFrom} >= {{0}} AND {validTo} <= {{1}}",
            _ => throw new ArgumentOutOfRangeException(nameof(filter)),
        };
        AppendWhere(builder, condition);
    }

    private static void AppendWhere(StringBuilder builder, string? condition)
    {
        if (condition != null)
        {
            builder.Append(CultureInfo.InvariantCulture, $" WHERE {condition}");
        }
    }
}
