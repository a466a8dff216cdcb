// Npgsql's batch lives in a *.Internal namespace; see VersioningNpgsqlModificationCommandBatchFactory.
#pragma warning disable EF1001

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Update.Internal;
using Versioning.EntityFrameworkCore.ChangeTracking.Internal;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update.Internal;

/// <summary>
/// Npgsql's command batch, writing the <see cref="BatchedWrites"/> of the save too (DESIGN §7: no extra round trip).
/// </summary>
/// <remarks>
/// <para>
/// Rows attached to an entity ride in the statement that writes it:
/// <c>WITH u AS (UPDATE … RETURNING 1), h AS (INSERT INTO history … SELECT … FROM u) SELECT * FROM u</c>. The history
/// row exists exactly when the entity's row was written, and EF's check that the statement touched one row becomes
/// "it returned one row", so a one-entity save stays one statement without a transaction, as in plain EF.
/// </para>
/// <para>
/// The other rows are written after EF's last command by one <c>INSERT … SELECT * FROM unnest(@arrays)</c> per table.
/// That batch then always runs in a transaction, because EF's rows-affected checks happen on the client after the
/// server has run every statement of the batch.
/// </para>
/// <para>
/// EF takes a command back out of a batch only when the batch reports itself invalid, which Npgsql's never does (it is
/// limited by its command count, checked before a command is added), so the rewriting needs no undoing.
/// </para>
/// </remarks>
internal sealed class VersioningNpgsqlModificationCommandBatch(
    ModificationCommandBatchFactoryDependencies dependencies, int maxBatchSize, BatchedWrites writes)
    : NpgsqlModificationCommandBatch(dependencies, maxBatchSize)
{
    private readonly ISqlGenerationHelper _sql = dependencies.SqlGenerationHelper;
    private List<BatchedRows>? _orphans;
    private List<(int Statement, BatchedUpdate Update)>? _updates;
    private int _parameterCount;

    protected override void AddCommand(IReadOnlyModificationCommand modificationCommand)
    {
        if (modificationCommand.EntityState == EntityState.Added
            && modificationCommand.StoreStoredProcedure == null
            && writes.PreconditionOf(modificationCommand.Entries[0].ToEntityEntry().Entity) is { } precondition)
        {
            var insertStart = SqlBuilder.Length;
            base.AddCommand(modificationCommand);
            var insert = SqlBuilder.ToString(insertStart, SqlBuilder.Length - insertStart);
            SqlBuilder.Length = insertStart;
            AppendConditionalInsert(insert, precondition);
            return;
        }

        var attached = AttachedRows(modificationCommand);
        if (attached == null)
        {
            base.AddCommand(modificationCommand);
            return;
        }

        if (modificationCommand.StoreStoredProcedure != null)
        {
            // A stored procedure call cannot be a data-modifying CTE: its rows follow the batch's last command instead.
            base.AddCommand(modificationCommand);
            (_orphans ??= []).AddRange(attached);
            return;
        }

        var start = SqlBuilder.Length;
        base.AddCommand(modificationCommand);
        var mapping = ResultSetMappings.Count - 1;
        var statement = SqlBuilder.ToString(start, SqlBuilder.Length - start).TrimEnd().TrimEnd(';');
        SqlBuilder.Length = start;

        SqlBuilder.Append("WITH versioning_written AS (").Append(statement);
        if (!ResultSetMappings[mapping].HasFlag(ResultSetMapping.HasResultRow))
        {
            SqlBuilder.Append(" RETURNING 1");
        }

        SqlBuilder.Append(')');
        for (var t = 0; t < attached.Count; t++)
        {
            SqlBuilder.Append(", versioning_rows").Append(t).Append(" AS (");
            AppendInsertHeader(attached[t]);
            SqlBuilder.Append(" SELECT v.* FROM versioning_written, (VALUES ");
            AppendValues(attached[t]);
            SqlBuilder.Append(") AS v)");
        }

        SqlBuilder.Append(" SELECT * FROM versioning_written").AppendLine(_sql.StatementTerminator);

        // EF reads the returned row (and any values it asked for) instead of the rows-affected count; no row means the
        // entity's row was not there, which EF reports as a concurrency failure, as before.
        ResultSetMappings[mapping] = ResultSetMapping.LastInResultSet;
    }

    public override void Complete(bool moreBatchesExpected)
    {
        var trailing = moreBatchesExpected ? [] : writes.Trailing;
        var updates = moreBatchesExpected ? [] : writes.Updates;
        if (trailing.Count > 0 || _orphans != null || updates.Count > 0)
        {
            var statement = ModificationCommands.Count;
            foreach (var rows in trailing.Concat(_orphans ?? []))
            {
                AppendSetBasedInsert(rows);
                statement++;
            }

            foreach (var update in updates)
            {
                AppendSetBasedUpdate(update);
                (_updates ??= []).Add((statement++, update));
            }

            SetRequiresTransaction(true);
        }

        base.Complete(moreBatchesExpected);
    }

    protected override void Consume(RelationalDataReader reader)
    {
        base.Consume(reader);

        // Reading past EF's results runs into an error of the statements appended after them, if any.
        while (reader.DbDataReader.NextResult())
        {
        }

        CheckUpdatedRows(reader, async: false, default).GetAwaiter().GetResult();
    }

    protected override async Task ConsumeAsync(RelationalDataReader reader, CancellationToken cancellationToken = default)
    {
        await base.ConsumeAsync(reader, cancellationToken).ConfigureAwait(false);
        while (await reader.DbDataReader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        await CheckUpdatedRows(reader, async: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A set-based update stands for one EF command per entity, each of which must update its row: fewer rows means
    /// some were deleted or changed behind the context's back, which is reported like EF's own concurrency failures
    /// (through the logger, so interceptors, Versioning's undo among them, see it).
    /// </summary>
    private async Task CheckUpdatedRows(RelationalDataReader reader, bool async, CancellationToken cancellationToken)
    {
        if (_updates == null)
        {
            return;
        }

        // Rows affected per statement: what Npgsql's own batch reads for EF's commands (obsolete only in favour of
        // NpgsqlBatch, which EF does not use).
#pragma warning disable CS0618
        var statements = ((NpgsqlDataReader)reader.DbDataReader).Statements;
#pragma warning restore CS0618
        foreach (var (statement, update) in _updates)
        {
            var updated = statements[statement].Rows;
            if (updated == (ulong)update.Keys.Count)
            {
                continue;
            }

            var context = Dependencies.CurrentContext.Context;
            var exception = new SetBasedUpdateConcurrencyException(
                VersioningStrings.SetBasedUpdateConcurrency(update.Keys.Count, updated, update.Table.DisplayName()), update.Entries);
            IReadOnlyList<IUpdateEntry> entries = [.. update.Entries.Select(e => e.GetInfrastructure())];
            var result = async
                ? await Dependencies.UpdateLogger.OptimisticConcurrencyExceptionAsync(context, entries, exception, null, cancellationToken).ConfigureAwait(false)
                : Dependencies.UpdateLogger.OptimisticConcurrencyException(context, entries, exception, null);
            if (!result.IsSuppressed)
            {
                throw exception;
            }
        }
    }

    private void AppendSetBasedUpdate(BatchedUpdate update)
    {
        var table = StoreObjectIdentifier.Table(update.Table.GetTableName()!, update.Table.GetSchema());
        SqlBuilder.Append("UPDATE ").Append(_sql.DelimitIdentifier(table.Name, table.Schema)).Append(" SET ");
        for (var c = 0; c < update.Columns.Count; c++)
        {
            var column = update.Columns[c];
            SqlBuilder.Append(c == 0 ? "" : ", ").Append(_sql.DelimitIdentifier(column.GetColumnName(table)!)).Append(" = ");
            AppendValueParameter(column, update.Values[c]);
        }

        var keys = NpgsqlArrayParameter.Create(NextParameterName(), update.Key, update.Keys, 0)!;
        RelationalCommandBuilder.AddParameter(keys);
        SqlBuilder.Append(" WHERE ").Append(_sql.DelimitIdentifier(update.Key.GetColumnName(table)!))
            .Append(" = ANY (").Append(_sql.GenerateParameterNamePlaceholder(keys.InvariantName)).Append(')')
            .AppendLine(_sql.StatementTerminator);
    }

    /// <summary>
    /// Rewrites EF's <c>INSERT INTO t (…) VALUES (…) [RETURNING …];</c> into
    /// <c>WITH versioning_replaced AS (UPDATE t SET … WHERE key = … AND token = … RETURNING 1) INSERT INTO t (…) SELECT …
    /// WHERE EXISTS (SELECT 1 FROM versioning_replaced) [RETURNING …];</c>. When the UPDATE finds no row, nothing is
    /// inserted, and EF's own check (no row returned, or none affected) reports the concurrency failure.
    /// </summary>
    private void AppendConditionalInsert(string insert, BatchedPrecondition precondition)
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

        var table = StoreObjectIdentifier.Table(precondition.Table.GetTableName()!, precondition.Table.GetSchema());
        SqlBuilder.Append("WITH versioning_replaced AS (UPDATE ").Append(_sql.DelimitIdentifier(table.Name, table.Schema)).Append(" SET ");
        for (var c = 0; c < precondition.SetColumns.Count; c++)
        {
            var column = precondition.SetColumns[c];
            SqlBuilder.Append(c == 0 ? "" : ", ").Append(_sql.DelimitIdentifier(column.GetColumnName(table)!)).Append(" = ");
            AppendValueParameter(column, precondition.SetValues[c]);
        }

        for (var c = 0; c < precondition.WhereColumns.Count; c++)
        {
            var column = precondition.WhereColumns[c];
            SqlBuilder.Append(c == 0 ? " WHERE " : " AND ").Append(_sql.DelimitIdentifier(column.GetColumnName(table)!));
            if (precondition.WhereValues[c] is null)
            {
                SqlBuilder.Append(" IS NULL");
            }
            else
            {
                SqlBuilder.Append(" = ");
                AppendValueParameter(column, precondition.WhereValues[c]);
            }
        }

        SqlBuilder.AppendLine(" RETURNING 1)")
            .Append(insert, 0, valuesStart).AppendLine()
            .Append("SELECT ").Append(values).Append(" WHERE EXISTS (SELECT 1 FROM versioning_replaced)")
            .Append(insert, valuesEnd, insert.Length - valuesEnd);
    }

    private IReadOnlyList<BatchedRows>? AttachedRows(IReadOnlyModificationCommand command)
    {
        var entries = command.Entries;
        if (entries.Count == 1)
        {
            return writes.AttachedTo(entries[0].ToEntityEntry().Entity);
        }

        // Table splitting: several entities share the row, and each may have rows of its own.
        List<BatchedRows>? rows = null;
        foreach (var entry in entries)
        {
            if (writes.AttachedTo(entry.ToEntityEntry().Entity) is { } attached)
            {
                (rows ??= []).AddRange(attached);
            }
        }

        return rows;
    }

    private void AppendSetBasedInsert(BatchedRows rows)
    {
        var arrays = new NpgsqlArrayParameter[rows.Columns.Count];
        for (var c = 0; c < arrays.Length; c++)
        {
            if (NpgsqlArrayParameter.Create(NextParameterName(), rows.Columns[c], rows.Rows, c) is not { } array)
            {
                // Array-typed columns cannot be unnested into rows: this table's rows are written as VALUES instead.
                AppendInsertHeader(rows);
                SqlBuilder.Append(" VALUES ");
                AppendValues(rows);
                SqlBuilder.AppendLine(_sql.StatementTerminator);
                return;
            }

            arrays[c] = array;
        }

        AppendInsertHeader(rows);
        SqlBuilder.Append(" SELECT * FROM unnest(");
        for (var c = 0; c < arrays.Length; c++)
        {
            RelationalCommandBuilder.AddParameter(arrays[c]);
            SqlBuilder.Append(c == 0 ? "" : ", ").Append(_sql.GenerateParameterNamePlaceholder(arrays[c].InvariantName));
        }

        SqlBuilder.Append(')').AppendLine(_sql.StatementTerminator);
    }

    private void AppendInsertHeader(BatchedRows rows)
    {
        var table = StoreObjectIdentifier.Table(rows.Table.GetTableName()!, rows.Table.GetSchema());
        SqlBuilder.Append("INSERT INTO ").Append(_sql.DelimitIdentifier(table.Name, table.Schema)).Append(" (");
        for (var c = 0; c < rows.Columns.Count; c++)
        {
            SqlBuilder.Append(c == 0 ? "" : ", ").Append(_sql.DelimitIdentifier(rows.Columns[c].GetColumnName(table)!));
        }

        SqlBuilder.Append(')');
    }

    /// <summary>Appends <c>(@v1, @v2), (@v3, @v4)</c>, one typed parameter per value.</summary>
    private void AppendValues(BatchedRows rows)
    {
        for (var r = 0; r < rows.Rows.Count; r++)
        {
            SqlBuilder.Append(r == 0 ? "(" : ", (");
            var values = rows.Rows[r];
            for (var c = 0; c < rows.Columns.Count; c++)
            {
                SqlBuilder.Append(c == 0 ? "" : ", ");
                AppendValueParameter(rows.Columns[c], values[c]);
            }

            SqlBuilder.Append(')');
        }
    }

    /// <summary>Appends a parameter typed like <paramref name="column"/> (converter included) holding <paramref name="value"/>.</summary>
    private void AppendValueParameter(IProperty column, object? value)
    {
        var name = NextParameterName();
        RelationalCommandBuilder.AddParameter(name, _sql.GenerateParameterName(name), column.GetRelationalTypeMapping(), column.IsNullable);
        ParameterValues.Add(name, value);
        SqlBuilder.Append(_sql.GenerateParameterNamePlaceholder(name));
    }

    // EF names its parameters p0, p1, …; these cannot collide with them.
    private string NextParameterName() => "v" + _parameterCount++;
}
