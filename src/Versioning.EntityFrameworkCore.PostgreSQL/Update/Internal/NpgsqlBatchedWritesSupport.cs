// EF1001 flags every *.Internal namespace; these are Versioning's own internals, shared with this package on purpose.
#pragma warning disable EF1001

using Versioning.EntityFrameworkCore.ChangeTracking.Internal;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update.Internal;

/// <summary>Tells the strategy handlers that <see cref="VersioningNpgsqlModificationCommandBatch"/> writes their rows.</summary>
internal sealed class NpgsqlBatchedWritesSupport : IBatchedWritesSupport
{
    /// <summary>
    /// A one-entity save must attach its rows (it is one statement without a transaction, as in plain EF); a larger save
    /// runs in EF's transaction either way, and from a handful of rows on one set-based insert per table costs less than
    /// an insert inside each entity's statement (DESIGN §7 measured the two crossing near 10 rows).
    /// </summary>
    public int AttachLimit => 10;
}
