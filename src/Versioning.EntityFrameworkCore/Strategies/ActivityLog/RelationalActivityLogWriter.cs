using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Writes activity log rows on any relational provider as <c>INSERT INTO log (...) VALUES (...), (...)</c>, in chunks
/// that stay well below every provider's parameter limit.
/// </summary>
internal class RelationalActivityLogWriter : IActivityLogWriter
{
    private const int RowsPerStatement = 500;

    public void Write(DbContext context, DbConnection connection, DbTransaction? transaction, IReadOnlyList<ActivityLogEntry> rows)
    {
        foreach (var command in Commands(context, connection, transaction, rows))
        {
            using (command)
            {
                command.ExecuteNonQuery();
            }
        }
    }

    public async Task WriteAsync(
        DbContext context, DbConnection connection, DbTransaction? transaction, IReadOnlyList<ActivityLogEntry> rows, CancellationToken cancellationToken)
    {
        foreach (var command in Commands(context, connection, transaction, rows))
        {
            await using (command)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>Builds the statements that insert <paramref name="rows"/>.</summary>
    protected internal virtual IEnumerable<DbCommand> Commands(
        DbContext context, DbConnection connection, DbTransaction? transaction, IReadOnlyList<ActivityLogEntry> rows)
    {
        var map = ActivityLogTableMap.For(context);
        var sql = context.GetService<ISqlGenerationHelper>();
        var insertInto = InsertInto(map, sql);
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var command = CreateCommand(context, connection, transaction);
            var text = new StringBuilder(insertInto).Append(" VALUES ");
            var end = Math.Min(start + RowsPerStatement, rows.Count);
            for (var i = start; i < end; i++)
            {
                text.Append(i == start ? "(" : ", (");
                for (var c = 0; c < map.Columns.Count; c++)
                {
                    var column = map.Columns[c];
                    var name = sql.GenerateParameterName($"p{command.Parameters.Count}");
                    command.Parameters.Add(column.TypeMapping.CreateParameter(command, name, column.ValueOf(rows[i]), nullable: true));
                    text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder($"p{command.Parameters.Count - 1}"));
                }

                text.Append(')');
            }

            command.CommandText = text.Append(sql.StatementTerminator).ToString();
            yield return command;
        }
    }

    private static string InsertInto(ActivityLogTableMap map, ISqlGenerationHelper sql)
        => $"INSERT INTO {sql.DelimitIdentifier(map.Table, map.Schema)} ({string.Join(", ", map.Columns.Select(c => sql.DelimitIdentifier(c.Name)))})";

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
