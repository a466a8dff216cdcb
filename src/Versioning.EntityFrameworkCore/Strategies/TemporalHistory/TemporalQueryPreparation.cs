using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Prepares the commands of temporal queries on their connection. A temporal query reads the current and the history
/// table (a UNION ALL), which the database parses and plans on every execution of an unprepared command; on
/// PostgreSQL that was most of an as-of point lookup's cost (target 1.3x a primary-key lookup, measured
/// 1.6-2.5x unprepared, 0.8x prepared). Npgsql keeps prepared statements with the pooled physical connection, so
/// preparing a command it has seen before costs nothing. Temporal queries are recognised by their tag, which
/// <c>TemporalQueryFactory</c> adds only when <c>PrepareTemporalQueries</c> is on. Stateless.
/// </summary>
internal sealed class TemporalQueryPreparation : DbCommandInterceptor
{
    /// <summary>The query tag of a temporal query whose command is prepared (EF writes it as the first SQL comment).</summary>
    public const string Tag = "Versioning: temporal query";

    private const string TagLine = "-- " + Tag;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (IsTemporal(command))
        {
            command.Prepare();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (IsTemporal(command))
        {
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    // EF writes the tags of a query as the first lines of its command; a temporal query starts with this one.
    private static bool IsTemporal(DbCommand command)
        => command.CommandText.StartsWith(TagLine, StringComparison.Ordinal);
}
