using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// Writes the SQL of <see cref="BatchedWrites"/> into a command batch: the statement text into the batch's builder and
/// each value as a parameter of the batch's command (named <c>v0</c>, <c>v1</c>, …, apart from EF's <c>p0</c>, <c>p1</c>, …).
/// </summary>
internal sealed class NpgsqlBatchedSqlWriter(
    StringBuilder sqlBuilder,
    IRelationalCommandBuilder commandBuilder,
    Dictionary<string, object?> parameterValues,
    ISqlGenerationHelper sql)
{
    private const string WrittenCte = "WITH versioning_written AS (";
    private const string ReplacedCte = "WITH versioning_replaced AS (";

    private static readonly string[] ParameterNames = [.. Enumerable.Range(0, 64).Select(i => "v" + i.ToString(CultureInfo.InvariantCulture))];

    private int _parameterCount;

    /// <summary>
    /// Appends EF's statement (an UPDATE, DELETE or INSERT, with or without RETURNING) as
    /// <c>WITH versioning_written AS (statement RETURNING …), versioning_rows0 AS (INSERT INTO t (…) SELECT v.* FROM
    /// versioning_written, (VALUES (…), (…)) AS v) SELECT * FROM versioning_written;</c>: the attached rows are inserted
    /// once per row the statement wrote (that is, once or not at all), and the statement returns what EF asked for, or 1.
    /// </summary>
    public void AppendWithAttachedRows(StringBuilder statement, bool returnsValues, IReadOnlyList<BatchedRows> attached)
    {
        // EF's statement without its terminator, copied from EF's builder (no string of it is made per save).
        var length = statement.Length;
        while (length > 0 && (char.IsWhiteSpace(statement[length - 1]) || statement[length - 1] == ';'))
        {
            length--;
        }

        sqlBuilder.Append(WrittenCte).Append(statement, 0, length);
        if (!returnsValues)
        {
            sqlBuilder.Append(" RETURNING 1");
        }

        sqlBuilder.Append(')');
        AppendAttachedRows(attached);
    }

    /// <summary>
    /// Appends <c>, versioning_rows0 AS (INSERT INTO t (…) SELECT v.* FROM versioning_written, (VALUES (…)) AS v), …
    /// SELECT * FROM versioning_written;</c> after a <c>versioning_written</c> CTE.
    /// </summary>
    private void AppendAttachedRows(IReadOnlyList<BatchedRows> attached)
    {
        for (var t = 0; t < attached.Count; t++)
        {
            sqlBuilder.Append(", versioning_rows").Append(t).Append(" AS (");
            AppendInsertHeader(attached[t]);
            sqlBuilder.Append(" SELECT v.* FROM versioning_written, (VALUES ");
            AppendValues(attached[t]);
            sqlBuilder.Append(") AS v)");
        }

        sqlBuilder.Append(" SELECT * FROM versioning_written").AppendLine(sql.StatementTerminator);
    }

    /// <summary>
    /// Appends <c>UPDATE t AS versioning_t SET a = v.c1, b = @v3 FROM unnest(@keys, @a, @token) AS v(k, c1, c2) WHERE
    /// versioning_t.key = v.k AND versioning_t.token = v.c2;</c>: a column whose value is the same in every row is one
    /// parameter, the others one array each. When every value is shared, the keys alone are an array:
    /// <c>UPDATE t AS versioning_t SET a = @v1 WHERE versioning_t.key = ANY (@keys);</c>.
    /// </summary>
    public void AppendSetBasedUpdate(BatchedUpdate update)
    {
        var table = StoreObjectIdentifier.Table(update.Table.GetTableName()!, update.Table.GetSchema());
        var columns = update.Columns.Concat(update.Tokens).ToList();

        // Column c (the columns, then the tokens) is element Position(c) of each row: an array when its values differ
        // (v.c{n}), else one parameter.
        var arrays = new List<NpgsqlArrayParameter> { ArrayOf(update.Key, update.Rows, BatchedUpdate.KeyPosition) };
        var arrayOf = new int[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            arrayOf[c] = IsShared(update.Rows, Position(c)) ? -1 : arrays.Count;
            if (arrayOf[c] > 0)
            {
                arrays.Add(ArrayOf(columns[c], update.Rows, Position(c)));
            }
        }

        arrays.ForEach(a => commandBuilder.AddParameter(a));
        sqlBuilder.Append("UPDATE ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" AS versioning_t SET ");
        for (var c = 0; c < update.Columns.Count; c++)
        {
            sqlBuilder.Append(c == 0 ? "" : ", ").Append(sql.DelimitIdentifier(columns[c].GetColumnName(table)!)).Append(" = ");
            AppendColumnValue(c);
        }

        var key = sql.DelimitIdentifier(update.Key.GetColumnName(table)!);
        if (arrays.Count == 1)
        {
            sqlBuilder.Append(" WHERE versioning_t.").Append(key).Append(" = ANY (").Append(Placeholder(arrays[0])).Append(')');
        }
        else
        {
            sqlBuilder.Append(" FROM unnest(").AppendJoin(", ", arrays.Select(Placeholder)).Append(") AS v(k");
            for (var a = 1; a < arrays.Count; a++)
            {
                sqlBuilder.Append(", c").Append(a);
            }

            sqlBuilder.Append(") WHERE versioning_t.").Append(key).Append(" = v.k");
        }

        for (var c = update.Columns.Count; c < columns.Count; c++)
        {
            sqlBuilder.Append(" AND versioning_t.").Append(sql.DelimitIdentifier(columns[c].GetColumnName(table)!));
            if (arrayOf[c] < 0 && update.Rows[0][Position(c)] is null)
            {
                sqlBuilder.Append(" IS NULL");
                continue;
            }

            sqlBuilder.Append(arrayOf[c] > 0 && columns[c].IsNullable ? " IS NOT DISTINCT FROM " : " = ");
            AppendColumnValue(c);
        }

        sqlBuilder.AppendLine(sql.StatementTerminator);

        void AppendColumnValue(int c)
        {
            if (arrayOf[c] > 0)
            {
                sqlBuilder.Append("v.c").Append(arrayOf[c]);
            }
            else
            {
                AppendValueParameter(columns[c], update.Rows[0][Position(c)]);
            }
        }

        string Placeholder(NpgsqlArrayParameter array) => sql.GenerateParameterNamePlaceholder(array.InvariantName);

        int Position(int c) => c < update.Columns.Count ? update.ColumnPosition(c) : update.TokenPosition(c - update.Columns.Count);
    }

    /// <summary>
    /// Rewrites EF's <c>INSERT INTO t (…) VALUES (…) [RETURNING …];</c> into
    /// <c>WITH versioning_replaced AS (UPDATE t SET … WHERE key = … AND token = … RETURNING 1) INSERT INTO t (…) SELECT …
    /// WHERE EXISTS (SELECT 1 FROM versioning_replaced) [RETURNING …];</c>. When the UPDATE finds no row, nothing is
    /// inserted, and EF's own check (no row returned, or none affected) reports the concurrency failure. Rows
    /// <paramref name="attached"/> to the new row are inserted by the same statement, once the INSERT wrote it:
    /// <c>WITH versioning_replaced AS (UPDATE …), versioning_written AS (INSERT … WHERE EXISTS (…) RETURNING …),
    /// versioning_rows0 AS (INSERT … SELECT v.* FROM versioning_written, (VALUES …) AS v) SELECT * FROM versioning_written;</c>
    /// (PostgreSQL allows data-modifying CTEs at the top level only, so the INSERT joins the list rather than nesting).
    /// </summary>
    public void AppendConditionalInsert(string insert, BatchedPrecondition precondition, IReadOnlyList<BatchedRows>? attached, bool returnsValues)
    {
        var valuesHeader = Environment.NewLine + "VALUES (";
        var valuesStart = insert.IndexOf(valuesHeader, StringComparison.Ordinal);
        if (valuesStart < 0)
        {
            throw new InvalidOperationException(VersioningStrings.ReplacementInsertWithoutValues(precondition.Table.DisplayName()));
        }

        var returning = insert.IndexOf(Environment.NewLine + "RETURNING ", valuesStart, StringComparison.Ordinal);
        var valuesEnd = returning >= 0 ? returning : insert.TrimEnd().TrimEnd(';').Length;
        var values = insert[(valuesStart + valuesHeader.Length)..valuesEnd].TrimEnd();
        values = values[..^1]; // the closing parenthesis of VALUES (…)

        sqlBuilder.Append(ReplacedCte);
        var table = AppendUpdateSet(precondition.Table, precondition.SetColumns, precondition.SetValues);

        for (var c = 0; c < precondition.WhereColumns.Count; c++)
        {
            var column = precondition.WhereColumns[c];
            sqlBuilder.Append(c == 0 ? " WHERE " : " AND ").Append(sql.DelimitIdentifier(column.GetColumnName(table)!));
            if (precondition.WhereValues[c] is null)
            {
                sqlBuilder.Append(" IS NULL");
            }
            else
            {
                sqlBuilder.Append(" = ");
                AppendValueParameter(column, precondition.WhereValues[c]);
            }
        }

        sqlBuilder.Append(" RETURNING 1)");
        if (attached == null)
        {
            sqlBuilder.AppendLine();
        }
        else
        {
            sqlBuilder.Append(", versioning_written AS (");
        }

        sqlBuilder
            .Append(insert, 0, valuesStart).AppendLine()
            .Append("SELECT ").Append(values).Append(" WHERE EXISTS (SELECT 1 FROM versioning_replaced)");
        if (attached == null)
        {
            sqlBuilder.Append(insert, valuesEnd, insert.Length - valuesEnd);
            return;
        }

        // Inside the CTE: EF's RETURNING stays (or one is added), its terminator goes.
        sqlBuilder.Append(insert, valuesEnd, insert.TrimEnd().TrimEnd(';').Length - valuesEnd).Append(returnsValues ? ")" : " RETURNING 1)");
        AppendAttachedRows(attached);
    }

    /// <summary>PostgreSQL binds at most this many parameters to one statement.</summary>
    public const int MaxParametersPerStatement = 65_535;

    /// <summary>Appends <c>INSERT INTO t (…) SELECT * FROM unnest(@a, @b, …);</c> (<see cref="NpgsqlUnnestInsert"/>).</summary>
    /// <returns>How many statements it appended.</returns>
    public int AppendSetBasedInsert(BatchedRows rows)
    {
        if (NpgsqlUnnestInsert.Arrays(rows.Columns, rows.Rows, NextParameterName) is not { } arrays)
        {
            // Array-typed columns cannot be unnested into rows: this table's rows are written as VALUES instead, one
            // parameter per value, in as many statements as PostgreSQL's parameter limit needs.
            var perStatement = Math.Max(1, MaxParametersPerStatement / rows.Columns.Count);
            var statements = 0;
            for (var start = 0; start < rows.Rows.Count; start += perStatement)
            {
                AppendInsertHeader(rows);
                sqlBuilder.Append(" VALUES ");
                AppendValues(rows, start, Math.Min(perStatement, rows.Rows.Count - start));
                sqlBuilder.AppendLine(sql.StatementTerminator);
                statements++;
            }

            return statements;
        }

        foreach (var array in arrays)
        {
            commandBuilder.AddParameter(array);
        }

        NpgsqlUnnestInsert.Append(sqlBuilder, sql, rows.Table, rows.Columns, arrays);
        sqlBuilder.AppendLine(sql.StatementTerminator);
        return 1;
    }

    /// <summary>Appends <c>INSERT INTO t (a, b, …)</c>, kept per table (<see cref="NpgsqlUnnestInsert.Header"/>).</summary>
    private void AppendInsertHeader(BatchedRows rows) => sqlBuilder.Append(NpgsqlUnnestInsert.Header(rows.Table, rows.Columns, sql));

    /// <summary>Appends <c>(@v1, @v2), (@v3, @v4)</c>, one typed parameter per value.</summary>
    private void AppendValues(BatchedRows rows) => AppendValues(rows, 0, rows.Rows.Count);

    /// <summary>Appends the values of <paramref name="count"/> rows from <paramref name="start"/>.</summary>
    private void AppendValues(BatchedRows rows, int start, int count)
    {
        for (var r = start; r < start + count; r++)
        {
            sqlBuilder.Append(r == start ? "(" : ", (");
            var values = rows.Rows[r];
            for (var c = 0; c < rows.Columns.Count; c++)
            {
                sqlBuilder.Append(c == 0 ? "" : ", ");
                AppendValueParameter(rows.Columns[c], values[c]);
            }

            sqlBuilder.Append(')');
        }
    }

    /// <summary>Appends a parameter typed like <paramref name="column"/> (converter included) holding <paramref name="value"/>.</summary>
    private void AppendValueParameter(IProperty column, object? value)
    {
        var name = NextParameterName();
        commandBuilder.AddParameter(name, sql.GenerateParameterName(name), column.GetRelationalTypeMapping(), column.IsNullable);
        parameterValues.Add(name, value);
        sql.GenerateParameterNamePlaceholder(sqlBuilder, name);
    }

    private NpgsqlArrayParameter ArrayOf(IProperty column, IReadOnlyList<object?[]> rows, int index)
        => NpgsqlArrayParameter.Create(NextParameterName(), column, rows, index)
            ?? throw new InvalidOperationException($"Column '{column.Name}' holds arrays, which a set-based update does not write.");

    private static bool IsShared(IReadOnlyList<object?[]> rows, int index)
    {
        var first = rows[0][index];
        for (var r = 1; r < rows.Count; r++)
        {
            if (!Equals(rows[r][index], first))
            {
                return false;
            }
        }

        return true;
    }

    // EF names its parameters p0, p1, …; these cannot collide with them. The first names are fixed strings (a one-entity
    // save uses a handful), not a new string per value.
    private string NextParameterName()
    {
        var index = _parameterCount++;
        return index < ParameterNames.Length ? ParameterNames[index] : "v" + index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Appends <c>UPDATE t SET c1 = @v1, …</c> and returns the table.</summary>
    private StoreObjectIdentifier AppendUpdateSet(IEntityType entityType, IReadOnlyList<IProperty> columns, object?[] values)
    {
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        sqlBuilder.Append("UPDATE ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" SET ");
        for (var c = 0; c < columns.Count; c++)
        {
            sqlBuilder.Append(c == 0 ? "" : ", ").Append(sql.DelimitIdentifier(columns[c].GetColumnName(table)!)).Append(" = ");
            AppendValueParameter(columns[c], values[c]);
        }

        return table;
    }
}
