// Npgsql's batch lives in a *.Internal namespace; see VersioningNpgsqlModificationCommandBatchFactory.
#pragma warning disable EF1001

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Update.Internal;
using Versioning.EntityFrameworkCore.ChangeTracking.Internal;

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
    private int _parameterCount;

    protected override void AddCommand(IReadOnlyModificationCommand modificationCommand)
    {
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
        if (trailing.Count > 0 || _orphans != null)
        {
            foreach (var rows in trailing.Concat(_orphans ?? []))
            {
                AppendSetBasedInsert(rows);
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
    }

    protected override async Task ConsumeAsync(RelationalDataReader reader, CancellationToken cancellationToken = default)
    {
        await base.ConsumeAsync(reader, cancellationToken).ConfigureAwait(false);
        while (await reader.DbDataReader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }
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
                var column = rows.Columns[c];
                var name = NextParameterName();
                RelationalCommandBuilder.AddParameter(name, _sql.GenerateParameterName(name), column.GetRelationalTypeMapping(), column.IsNullable);
                ParameterValues.Add(name, values[c]);
                SqlBuilder.Append(c == 0 ? "" : ", ").Append(_sql.GenerateParameterNamePlaceholder(name));
            }

            SqlBuilder.Append(')');
        }
    }

    // EF names its parameters p0, p1, …; these cannot collide with them.
    private string NextParameterName() => "v" + _parameterCount++;
}
