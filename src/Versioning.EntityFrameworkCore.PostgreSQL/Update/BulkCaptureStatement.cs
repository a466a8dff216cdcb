using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// Builds the one statement that runs an <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> and writes the strategies' rows with
/// it, around the statement EF generated:
/// <code>
/// WITH versioning_old AS MATERIALIZED (
///     SELECT p.* FROM "Products" AS p WHERE &lt;EF's filter&gt; FOR NO KEY UPDATE OF p
/// ), versioning_rows AS (
///     UPDATE "Products" AS p SET &lt;EF's setters&gt;
///     FROM versioning_old AS versioning_o[, &lt;EF's FROM&gt;]
///     WHERE p."Id" = versioning_o."Id" AND (&lt;EF's filter&gt;)
///     RETURNING p.*, versioning_o."Id" AS versioning_old_0, …
/// ), &lt;each strategy's INSERT … SELECT … FROM versioning_rows&gt;
/// SELECT count(*) FROM versioning_rows
/// </code>
/// The old rows are locked before the statement writes them, so a concurrent writer waits, and the old values are the
/// ones the statement replaces (READ COMMITTED re-reads a row changed meanwhile, and the UPDATE joins exactly the locked
/// rows); the statement returns each row's new values with its old ones, so the strategies' inserts read one CTE. One
/// statement: atomic without a transaction, and a failing part writes nothing.
/// </summary>
/// <remarks>
/// EF's PostgreSQL statements have a fixed shape: <c>UPDATE t AS a</c> / <c>DELETE FROM t AS a</c> on the first line,
/// then <c>SET</c>, <c>FROM</c>/<c>USING</c> and <c>WHERE</c> each starting a line (nested subqueries are indented).
/// A statement of another shape is refused rather than run without its history.
/// </remarks>
internal static partial class BulkCaptureStatement
{
    /// <summary>The alias of <see cref="BulkCaptureSql.OldRows"/> where the statement joins it to its table.</summary>
    public const string OldAlias = "versioning_o";

    public static string Build(
        DbContext context, string efSql, BulkCapture capture, DbCommand command, ISqlGenerationHelper sqlGenerationHelper, IEnumerable<INpgsqlBulkCaptureWriter> writers)
    {
        var statement = Parse(StripComments(efSql), capture, sqlGenerationHelper);
        var captureWriters = capture.StrategyPlans
            .Select(plan => (Plan: plan, Writer: writers.FirstOrDefault(w => w.Writes(plan)) ?? throw new InvalidOperationException(Unrecognised(capture))))
            .ToList();
        var replacement = statement.IsDelete ? default : captureWriters.FirstOrDefault(w => w.Writer is INpgsqlBulkReplacementWriter);
        var builder = new StringBuilder();
        var sql = new BulkCaptureSql(context, capture, statement.IsDelete, replacement.Writer != null, command, sqlGenerationHelper, builder);
        var alias = statement.Alias;

        builder.Append("WITH ").Append(BulkCaptureSql.OldRows).AppendLine(" AS MATERIALIZED (")
            .Append("    SELECT ").Append(alias).Append(".*").AppendJoin("", sql.SystemColumns.Select(c => ", " + alias + "." + c))
            .Append(" FROM ").Append(statement.Table).Append(" AS ").AppendLine(alias)
            .Append("    WHERE ").AppendLine(statement.From == null
                ? statement.Predicate ?? "TRUE"
                : "EXISTS (SELECT 1 FROM " + statement.From + (statement.Predicate == null ? ")" : " WHERE " + statement.Predicate + ")"))
            .Append("    FOR ").Append(statement.IsDelete ? "UPDATE" : "NO KEY UPDATE").Append(" OF ").AppendLine(alias)
            .Append("), ");
        if (replacement.Writer is INpgsqlBulkReplacementWriter replacing)
        {
            if (statement.From != null)
            {
                throw new InvalidOperationException(VersioningStrings.BulkReplacementReadsOtherTables(capture.EntityType.DisplayName()));
            }

            BulkReplacementSql.Append(sql, replacing, replacement.Plan, statement.Table, alias, statement.Setters!);
        }
        else
        {
            AppendStatement(sql, statement);
        }

        foreach (var (plan, writer) in captureWriters)
        {
            var length = builder.Length;
            builder.AppendLine(",");
            if (!writer.Append(sql, plan))
            {
                builder.Length = length;
            }
        }

        return builder.AppendLine()
            .Append("SELECT count(*) FROM ").Append(BulkCaptureSql.WrittenRows)
            .ToString();
    }

    /// <summary>EF's statement as the CTE of the rows it writes, returning their old values with the new ones.</summary>
    private static void AppendStatement(BulkCaptureSql sql, ParsedStatement statement)
    {
        var (builder, alias) = (sql.Builder, statement.Alias);
        builder.Append(BulkCaptureSql.WrittenRows).AppendLine(" AS (");
        if (statement.IsDelete)
        {
            builder.Append("    DELETE FROM ").Append(statement.Table).Append(" AS ").AppendLine(alias)
                .Append("    USING ");
        }
        else
        {
            builder.Append("    UPDATE ").Append(statement.Table).Append(" AS ").AppendLine(alias)
                .Append("    ").AppendLine(statement.Setters)
                .Append("    FROM ");
        }

        builder.Append(BulkCaptureSql.OldRows).Append(" AS ").Append(OldAlias);
        if (statement.From != null)
        {
            builder.Append(", ").Append(statement.From);
        }

        builder.AppendLine()
            .Append("    WHERE ").Append(sql.KeyJoin(alias, OldAlias));
        if (statement.Predicate != null)
        {
            builder.Append(" AND (").Append(statement.Predicate).Append(')');
        }

        builder.AppendLine()
            .Append("    RETURNING ").Append(alias).Append(".*");
        for (var i = 0; i < sql.RowProperties.Count; i++)
        {
            builder.Append(", ").Append(OldAlias).Append('.').Append(sql.Column(sql.RowProperties[i]))
                .Append(" AS ").Append(BulkCaptureSql.OldColumnPrefix).Append(i);
        }

        builder.AppendLine().Append(')');
    }

    /// <summary>Removes the comment lines EF writes before the statement (its query tags) and the empty line after them.</summary>
    private static string StripComments(string sql)
    {
        var start = 0;
        while (sql.AsSpan(start).StartsWith("--", StringComparison.Ordinal) || sql.AsSpan(start).StartsWith("\n", StringComparison.Ordinal)
            || sql.AsSpan(start).StartsWith("\r\n", StringComparison.Ordinal))
        {
            var end = sql.IndexOf('\n', start);
            if (end < 0)
            {
                return "";
            }

            start = end + 1;
        }

        return sql[start..].Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static ParsedStatement Parse(string sql, BulkCapture capture, ISqlGenerationHelper helper)
    {
        var table = helper.DelimitIdentifier(capture.EntityType.GetTableName()!, capture.EntityType.GetSchema());
        var match = StatementPattern().Match(sql);
        if (!match.Success || match.Groups["table"].Value != table)
        {
            throw new InvalidOperationException(Unrecognised(capture) );
        }

        var isDelete = match.Groups["verb"].Value == "DELETE FROM";
        var rest = match.Groups["rest"].Value;
        string? setters = null, from = null, predicate = null;
        var where = ClausePosition(rest, "WHERE ");
        if (where >= 0)
        {
            predicate = rest[(where + "\nWHERE ".Length)..];
            rest = rest[..where];
        }

        var fromClause = isDelete ? "USING " : "FROM ";
        var fromAt = ClausePosition(rest, fromClause);
        if (fromAt >= 0)
        {
            from = rest[(fromAt + 1 + fromClause.Length)..];
            rest = rest[..fromAt];
        }

        if (isDelete)
        {
            if (rest.Length > 0)
            {
                throw new InvalidOperationException(Unrecognised(capture));
            }
        }
        else
        {
            if (!rest.StartsWith("\nSET ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(Unrecognised(capture));
            }

            setters = rest[1..];
        }

        return new ParsedStatement(isDelete, table, match.Groups["alias"].Value, setters, from, predicate);
    }

    /// <summary>Where a clause of the statement itself starts (a new line, not indented), or -1.</summary>
    private static int ClausePosition(string text, string clause)
        => text.IndexOf("\n" + clause, StringComparison.Ordinal);

    private static string Unrecognised(BulkCapture capture)
        => VersioningStrings.BulkStatementShapeNotRecognised(capture.EntityType.DisplayName());

    [GeneratedRegex(@"\A(?<verb>UPDATE|DELETE FROM) (?<table>.+?) AS (?<alias>[^\s]+)(?<rest>(\n[\s\S]*)?)\z")]
    private static partial Regex StatementPattern();

    private sealed record ParsedStatement(bool IsDelete, string Table, string Alias, string? Setters, string? From, string? Predicate);
}
