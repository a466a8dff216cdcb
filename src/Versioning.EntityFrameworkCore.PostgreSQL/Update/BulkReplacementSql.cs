using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// The part of a bulk statement that keeps the old rows and inserts new ones (a strategy's
/// <see cref="INpgsqlBulkReplacementWriter"/>: new revisions, new records), after the locked old rows:
/// <code>
/// versioning_retired AS (
///     UPDATE "Contracts" AS c SET &lt;the writer's retiring setters&gt;
///     WHERE c."Id" = ANY (ARRAY(SELECT versioning_o."Id" FROM versioning_old AS versioning_o))
///     RETURNING 1
/// ), versioning_rows AS MATERIALIZED (
///     SELECT nextval((SELECT pg_get_serial_sequence('"Contracts"', 'Id')))::integer AS "Id", (&lt;EF's setter&gt;)::text AS "Title", …,
///         c."Id" AS versioning_old_0, …
///     FROM versioning_old AS c, (SELECT count(*) FROM versioning_retired) AS versioning_r
/// ), versioning_inserted AS (
///     INSERT INTO "Contracts" ("Id", "Title", …) OVERRIDING SYSTEM VALUE SELECT "Id", "Title", … FROM versioning_rows)
/// </code>
/// A new row is the old one (every column of the table, derived types' included) with EF's setters applied, the
/// insert stamps of the execution and the writer's bookkeeping, under a key the database generates. The old rows are
/// retired before any new row is inserted (the new rows wait for the count of the retired ones), so a unique index on
/// current rows never sees both; the retiring update finds the locked rows by their keys through the primary key's index
/// (a join with the CTE, whose size PostgreSQL cannot estimate, was planned as a hash of the whole table, revisions
/// included). <see cref="BulkCaptureSql.WrittenRows"/> holds the new rows with the old values, as the other
/// writers expect; a computed column there keeps its old value (the table stores the recomputed one).
/// </summary>
internal static partial class BulkReplacementSql
{
    /// <summary>The CTE of the old rows' retiring update.</summary>
    public const string RetiredRows = "versioning_retired";

    /// <summary>The alias of the count of <see cref="RetiredRows"/>, which the new rows wait for.</summary>
    private const string RetiredCount = "versioning_r";

    /// <summary>The CTE of the insert of the new rows.</summary>
    public const string InsertedRows = "versioning_inserted";

    /// <summary>
    /// Why the new rows of <paramref name="entityType"/> cannot be inserted by one statement (rows in several tables: TPT,
    /// TPC, entity splitting) or get keys in SQL, or <see langword="null"/>.
    /// </summary>
    public static string? Refusal(IEntityType entityType)
        => entityType.GetDerivedTypesInclusive().Any(t => t.GetTableMappings().Count() != 1 || t.GetTableName() != entityType.GetTableName())
            ? VersioningStrings.BulkReplacementSplitsRows(entityType.DisplayName())
            : entityType.FindPrimaryKey() is { Properties: [var key] } && NewKey(key) != NewKeyKind.None
                ? null
                : VersioningStrings.BulkReplacementKeyNotGenerated(entityType.DisplayName() + "." + entityType.FindPrimaryKey()?.Properties[0].Name);

    public static void Append(BulkCaptureSql sql, INpgsqlBulkReplacementWriter writer, object strategyPlan, string table, string alias, string setters)
    {
        var capture = sql.Capture;
        var entityType = capture.EntityType;
        var storeTable = entityType.GetTableMappings().First().Table;
        var key = entityType.FindPrimaryKey()!.Properties[0];
        var columns = storeTable.Columns.Where(c => !BulkCaptureSql.IsSystemColumn(c.Name)).ToList();
        string Delimited(string column) => sql.Helper.DelimitIdentifier(column);

        // The old row's values, then the execution's insert stamps, EF's setters and the writer's bookkeeping, in that order of precedence.
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var plan = VersioningSavePlan.For(entityType.Model).Find(entityType)!;
        var stamp = 0;
        foreach (var (property, value) in plan.NewRowStamps.SelectMany(s => s.InsertValues(capture.Change.Timestamp, capture.Change.ActorId)))
        {
            values[sql.Column(property)] = sql.Parameter("new_" + stamp++, property.GetRelationalTypeMapping(), value);
        }

        var byDelimited = columns.ToDictionary(c => Delimited(c.Name), StringComparer.Ordinal);
        foreach (var (column, value) in Setters(setters, entityType.DisplayName()))
        {
            if (!byDelimited.TryGetValue(column, out var storeColumn))
            {
                throw new InvalidOperationException(VersioningStrings.BulkStatementShapeNotRecognised(entityType.DisplayName()));
            }

            values[column] = Cast("(" + value + ")", storeColumn.StoreType);
        }

        foreach (var (property, value) in writer.NewRow(sql, strategyPlan, alias))
        {
            values[sql.Column(property)] = value;
        }

        var keyColumn = sql.Column(key);
        var keyKind = NewKey(key);
        var keyStoreColumn = byDelimited[keyColumn];
        values[keyColumn] = Cast(keyKind switch
        {
            // The sequence is looked up once (a subquery without references is evaluated once), not for every row.
            NewKeyKind.Sequence => $"nextval((SELECT pg_get_serial_sequence({BulkCaptureSql.Literal(table)}, {BulkCaptureSql.Literal(keyStoreColumn.Name)})))",
            NewKeyKind.DefaultSql => "(" + key.GetDefaultValueSql() + ")",
            _ => "gen_random_uuid()",
        }, keyStoreColumn.StoreType);

        var inserted = columns.Where(c => c.ComputedColumnSql == null).Select(c => Delimited(c.Name)).ToList();
        var builder = sql.Builder;
        builder.Append(RetiredRows).AppendLine(" AS (")
            .Append("    UPDATE ").Append(table).Append(" AS ").AppendLine(alias)
            .Append("    SET ").AppendJoin(", ", writer.Retire(sql, strategyPlan).Select(r => sql.Column(r.Property) + " = " + r.Sql)).AppendLine()
            .Append("    WHERE ").Append(alias).Append('.').Append(keyColumn).Append(" = ANY (ARRAY(SELECT ").Append(BulkCaptureStatement.OldAlias).Append('.').Append(keyColumn)
            .Append(" FROM ").Append(BulkCaptureSql.OldRows).Append(" AS ").Append(BulkCaptureStatement.OldAlias).AppendLine("))")
            .AppendLine("    RETURNING 1")
            .Append("), ").Append(BulkCaptureSql.WrittenRows).AppendLine(" AS MATERIALIZED (")
            .Append("    SELECT ");
        for (var i = 0; i < columns.Count; i++)
        {
            var column = Delimited(columns[i].Name);
            builder.Append(i == 0 ? "" : ", ");
            if (columns[i].ComputedColumnSql == null && values.TryGetValue(column, out var value))
            {
                builder.Append(value).Append(" AS ").Append(column);
            }
            else
            {
                builder.Append(alias).Append('.').Append(column);
            }
        }

        for (var i = 0; i < sql.RowProperties.Count; i++)
        {
            builder.Append(", ").Append(alias).Append('.').Append(sql.Column(sql.RowProperties[i]))
                .Append(" AS ").Append(BulkCaptureSql.OldColumnPrefix).Append(i);
        }

        builder.AppendLine()
            .Append("    FROM ").Append(BulkCaptureSql.OldRows).Append(" AS ").Append(alias)
            .Append(", (SELECT count(*) FROM ").Append(RetiredRows).Append(") AS ").AppendLine(RetiredCount)
            .Append("), ").Append(InsertedRows).AppendLine(" AS (")
            .Append("    INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", inserted).Append(')')
            .AppendLine(keyKind == NewKeyKind.Sequence ? " OVERRIDING SYSTEM VALUE" : "")
            .Append("    SELECT ").AppendJoin(", ", inserted).Append(" FROM ").Append(BulkCaptureSql.WrittenRows).Append(')');
    }

    /// <summary>
    /// EF's <c>SET "a" = …, "b" = …</c> as (delimited column, value) pairs: split at the commas outside parentheses,
    /// brackets, string literals and quoted identifiers.
    /// </summary>
    private static IEnumerable<(string Column, string Value)> Setters(string setters, string entityType)
    {
        var text = setters.StartsWith("SET ", StringComparison.Ordinal) ? setters[4..] : setters;
        var (depth, start) = (0, 0);
        char? quote = null;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ',';
            if (quote != null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                var match = SetterPattern().Match(text[start..i]);
                if (!match.Success)
                {
                    throw new InvalidOperationException(VersioningStrings.BulkStatementShapeNotRecognised(entityType));
                }

                yield return (match.Groups["column"].Value, match.Groups["value"].Value.Trim());
                start = i + 1;
            }
        }
    }

    /// <summary>
    /// <c>value::type</c>, without the type's modifiers: an explicit cast to <c>varchar(20)</c> or <c>char(5)</c> would cut
    /// a longer value silently, where the insert's assignment refuses it. <c>character(n)</c> and <c>bit(n)</c> without
    /// modifiers mean length 1, so they become their unbounded forms, <c>bpchar</c> and <c>varbit</c> (arrays of them too).
    /// </summary>
    private static string Cast(string value, string storeType)
    {
        var type = TypeModifier().Replace(storeType, "").Trim();
        var element = type.TrimEnd('[', ']', ' ');
        return value + "::" + (element switch
        {
            "character" or "char" => "bpchar",
            "bit" => "varbit",
            _ => element,
        }) + type[element.Length..];
    }

    private static NewKeyKind NewKey(IProperty key)
        => key.GetValueGenerationStrategy() is NpgsqlValueGenerationStrategy.IdentityByDefaultColumn
                or NpgsqlValueGenerationStrategy.IdentityAlwaysColumn
                or NpgsqlValueGenerationStrategy.SerialColumn
            ? NewKeyKind.Sequence
            : key.GetDefaultValueSql() != null
                ? NewKeyKind.DefaultSql
                : key.ClrType == typeof(Guid) && key.ValueGenerated == ValueGenerated.OnAdd && key.GetValueConverter() == null
                    ? NewKeyKind.Guid
                    : NewKeyKind.None;

    [GeneratedRegex(@"\A\s*(?<column>""(?:[^""]|"""")+""|[A-Za-z_][A-Za-z0-9_$]*)\s*=\s*(?<value>[\s\S]+)\z")]
    private static partial Regex SetterPattern();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex TypeModifier();

    private enum NewKeyKind
    {
        None,
        Sequence,
        DefaultSql,
        Guid,
    }
}
