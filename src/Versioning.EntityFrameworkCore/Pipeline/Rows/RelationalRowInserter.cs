using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Versioning.EntityFrameworkCore.Pipeline.Rows;

/// <summary>
/// Inserts rows on any relational provider as <c>INSERT INTO t (...) VALUES (...), (...)</c>, in chunks that stay well
/// below every provider's parameter limit.
/// </summary>
internal class RelationalRowInserter : IRowInserter
{
    private const int RowsPerStatement = 500;

    public void Insert(DbContext context, DbConnection connection, DbTransaction? transaction, RowLayout layout, IReadOnlyList<object?[]> rows)
    {
        foreach (var command in Commands(context, connection, transaction, layout, rows))
        {
            using (command)
            {
                command.ExecuteNonQuery();
            }
        }
    }

    public async Task InsertAsync(
        DbContext context,
        DbConnection connection,
        DbTransaction? transaction,
        RowLayout layout,
        IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken)
    {
        foreach (var command in Commands(context, connection, transaction, layout, rows))
        {
            await using (command)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>Builds the statements that insert <paramref name="rows"/>.</summary>
    protected internal virtual IEnumerable<DbCommand> Commands(
        DbContext context, DbConnection connection, DbTransaction? transaction, RowLayout layout, IReadOnlyList<object?[]> rows)
    {
        var sql = context.GetService<ISqlGenerationHelper>();
        var entityType = layout.Table;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var mappings = layout.Columns.Select(c => c.GetRelationalTypeMapping()).ToArray();
        var insertInto =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", layout.Columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))})";
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var command = CreateCommand(context, connection, transaction);
            var text = new StringBuilder(insertInto).Append(" VALUES ");
            var end = Math.Min(start + RowsPerStatement, rows.Count);
            for (var i = start; i < end; i++)
            {
                text.Append(i == start ? "(" : ", (");
                for (var c = 0; c < mappings.Length; c++)
                {
                    var name = sql.GenerateParameterName($"p{command.Parameters.Count}");
                    command.Parameters.Add(mappings[c].CreateParameter(command, name, rows[i][c], nullable: true));
                    text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder($"p{command.Parameters.Count - 1}"));
                }

                text.Append(')');
            }

            command.CommandText = text.Append(sql.StatementTerminator).ToString();
            yield return command;
        }
    }

    protected static DbCommand CreateCommand(DbContext context, DbConnection connection, DbTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (context.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        return command;
    }
}
