// EF1001 flags every *.Internal namespace; these are Versioning's own internals, shared with this package on purpose.
#pragma warning disable EF1001

using Versioning.EntityFrameworkCore.ChangeTracking.Internal;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update.Internal;

/// <summary>Tells the strategy handlers that <see cref="VersioningNpgsqlModificationCommandBatch"/> writes their rows.</summary>
internal sealed class NpgsqlBatchedWritesSupport : IBatchedWritesSupport
{
    /// <summary>
    /// A one-entity save attaches its rows, so it stays one statement without a transaction, as in plain EF. A larger
    /// save runs in EF's transaction either way, and there one set-based insert per table already beat an insert inside
    /// each entity's statement at 10 entities (1.7 against 2.8 ms of statements on the development machine): each such
    /// statement is planned on its own.
    /// </summary>
    public int AttachLimit => 1;
}
