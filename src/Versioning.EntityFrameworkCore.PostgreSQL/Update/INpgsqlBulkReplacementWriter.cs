using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// The PostgreSQL writer of a strategy that makes every update a new row (a new revision, a new record): an
/// <c>ExecuteUpdate</c> it captures keeps the old rows, retired by the setters it gives, and inserts new rows with the
/// statement's values under new keys (<see cref="BulkReplacementSql"/> builds that statement; this writer says only what
/// its strategy writes). Its <see cref="INpgsqlBulkCaptureWriter.Append"/> appends nothing.
/// </summary>
internal interface INpgsqlBulkReplacementWriter : INpgsqlBulkCaptureWriter
{
    /// <summary>The columns the old rows' UPDATE writes, each with its SQL value.</summary>
    IEnumerable<(IProperty Property, string Sql)> Retire(BulkCaptureSql sql, object strategyPlan);

    /// <summary>
    /// The new rows' values that are not the old row's with the statement's setters (the strategy's bookkeeping), each
    /// as SQL over the old row, which <paramref name="oldRow"/> names (its delimited columns follow a dot).
    /// </summary>
    IEnumerable<(IProperty Property, string Sql)> NewRow(BulkCaptureSql sql, object strategyPlan, string oldRow);
}
