using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.Pipeline.Rows;

/// <summary>
/// Inserts rows laid out by a <see cref="RowLayout"/> with set-based statements on a connection and transaction the
/// caller provides: what a last batch of EF's save writes (<see cref="PendingRows"/>). The provider-neutral inserter uses
/// multi-row <c>VALUES</c>; the PostgreSQL package replaces it with one <c>INSERT … SELECT FROM unnest(...)</c>.
/// </summary>
internal interface IRowInserter
{
    void Insert(DbContext context, DbConnection connection, DbTransaction? transaction, RowLayout layout, IReadOnlyList<object?[]> rows);

    Task InsertAsync(
        DbContext context,
        DbConnection connection,
        DbTransaction? transaction,
        RowLayout layout,
        IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken);
}
