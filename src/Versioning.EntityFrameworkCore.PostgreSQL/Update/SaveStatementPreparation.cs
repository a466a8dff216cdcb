using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Diagnostics;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// Prepares the single statement of a one-entity save that <see cref="VersioningNpgsqlModificationCommandBatch"/> wrote
/// together with its history or log rows, or as a retirement plus a new revision. PostgreSQL spent more on parsing and
/// planning such a statement than on running it (at 1 row an activity-log save measured 1.46x plain EF
/// unprepared, 1.29x prepared). Npgsql keeps prepared statements with the pooled physical connection, so preparing a
/// statement the connection has seen costs nothing. <see cref="PreparedSaveStatements"/> caps how many different
/// statements are prepared. Stateless; on unless <c>PrepareSaveStatements(false)</c>.
/// </summary>
internal sealed class SaveStatementPreparation(PreparedSaveStatements prepared) : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (ShouldPrepare(command, eventData))
        {
            command.Prepare();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (ShouldPrepare(command, eventData))
        {
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    // The batch that wrote the statement told the save (BatchedWrites.OneEntityStatement); the command's text is compared
    // with that one, never inspected.
    private bool ShouldPrepare(DbCommand command, CommandEventData eventData)
        => eventData.CommandSource == CommandSource.SaveChanges
            && eventData.Context is { } context
            && context.GetService<VersioningContextState>().CurrentSave?.Find<BatchedWrites>()?.OneEntityStatement is { } statement
            && string.Equals(command.CommandText, statement, StringComparison.Ordinal)
            && context.GetService<IDbContextOptions>().FindExtension<VersioningOptionsExtension>()?.PrepareSaveStatements != false
            && Admit(context, command.CommandText);

    private bool Admit(DbContext context, string sql)
    {
        var admit = prepared.Admit(sql, out var admitted);
        if (admitted)
        {
            context.GetService<VersioningLog>().SaveStatementPrepared(sql);
        }

        return admit;
    }
}
