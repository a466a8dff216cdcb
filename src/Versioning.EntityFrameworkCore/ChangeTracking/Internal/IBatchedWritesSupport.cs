namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

/// <summary>
/// Registered by a provider whose command batches write <see cref="BatchedWrites"/> (PostgreSQL). Without it, history
/// and log rows are EF entities in EF's batch.
/// </summary>
internal interface IBatchedWritesSupport
{
    /// <summary>
    /// Up to this many rows of a save, each is attached to the statement of its entity (one statement, no transaction
    /// needed for a one-entity save); from more on, they are written by one set-based statement per table after EF's
    /// commands, in the transaction EF uses for a batch of several commands.
    /// </summary>
    int AttachLimit { get; }
}
