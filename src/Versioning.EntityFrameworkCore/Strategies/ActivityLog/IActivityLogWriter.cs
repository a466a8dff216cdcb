using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Inserts activity log rows with set-based statements on a connection and transaction the caller provides. The
/// provider-neutral writer uses multi-row <c>VALUES</c>; the PostgreSQL package replaces it with one
/// <c>INSERT … SELECT FROM unnest(...)</c>.
/// </summary>
internal interface IActivityLogWriter
{
    void Write(DbContext context, DbConnection connection, DbTransaction? transaction, IReadOnlyList<ActivityLogEntry> rows);

    Task WriteAsync(
        DbContext context, DbConnection connection, DbTransaction? transaction, IReadOnlyList<ActivityLogEntry> rows, CancellationToken cancellationToken);
}
