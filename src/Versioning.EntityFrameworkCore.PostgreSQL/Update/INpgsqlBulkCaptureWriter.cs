using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// The PostgreSQL writer of one strategy's rows alongside a bulk statement: it appends a data-modifying CTE to the
/// statement that <see cref="BulkCaptureStatement"/> builds around EF's, reading the old rows (locked, as they were
/// before the statement) and the rows the statement wrote or deleted.
/// </summary>
internal interface INpgsqlBulkCaptureWriter : IBulkCaptureWriter
{
    /// <summary>
    /// Appends the strategy's CTE (<c>name AS (INSERT … SELECT … FROM old JOIN rows …)</c>, without a leading comma) to
    /// <paramref name="sql"/>, or nothing when the statement writes no row of it (an update of fields the log does not
    /// keep); returns whether it appended one.
    /// </summary>
    bool Append(BulkCaptureSql sql, object strategyPlan);
}
