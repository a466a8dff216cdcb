using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Versioning.EntityFrameworkCore.Pipeline.Batching;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

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
