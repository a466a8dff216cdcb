using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Pipeline.Rows;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// Inserts the rows a last batch of EF's save writes with one <c>INSERT INTO t (...) SELECT * FROM unnest(@p0, @p1, ...)</c>
/// (<see cref="NpgsqlUnnestInsert"/>, the same statement EF's batch writes for rows it carries), which the performance
/// baseline (ARCHITECTURE.md) measured at 1.39× plain EF for 1,000 updated entities (one EF entity per row: 3.4×). A
/// table with a column that cannot be unnested (an array) gets multi-row <c>VALUES</c>.
/// </summary>
internal sealed class NpgsqlRowInserter : RelationalRowInserter
{
    protected internal override IEnumerable<DbCommand> Commands(
        DbContext context, DbConnection connection, DbTransaction? transaction, RowLayout layout, IReadOnlyList<object?[]> rows)
    {
        var parameter = 0;
        if (NpgsqlUnnestInsert.Arrays(layout.Columns, rows, () => "p" + parameter++.ToString(CultureInfo.InvariantCulture)) is not { } arrays)
        {
            return base.Commands(context, connection, transaction, layout, rows);
        }

        var sql = context.GetService<ISqlGenerationHelper>();
        var command = CreateCommand(context, connection, transaction);
        foreach (var array in arrays)
        {
            array.AddDbParameter(command, value: null);
        }

        var text = new StringBuilder();
        NpgsqlUnnestInsert.Append(text, sql, layout.Table, layout.Columns, arrays);
        command.CommandText = text.Append(sql.StatementTerminator).ToString();
        return [command];
    }
}
