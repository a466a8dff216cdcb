using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Pipeline.Batching;

/// <summary>
/// Registered by a provider whose command batches write <see cref="BatchedWrites"/> (PostgreSQL). Without it, history
/// and log rows are EF entities in EF's batch.
/// </summary>
internal interface IBatchedWritesSupport
{
    /// <summary>
    /// When the rows of a save belong to at most this many entities, each row is attached to the statement of its entity
    /// (a one-entity save stays one statement, without a transaction); otherwise they are written by one set-based
    /// statement per table after EF's commands, in the transaction EF uses for a batch of several commands.
    /// </summary>
    int AttachLimit { get; }
}
