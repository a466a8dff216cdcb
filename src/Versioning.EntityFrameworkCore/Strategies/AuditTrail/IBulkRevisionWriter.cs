using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// A provider's way of writing many new revisions of one table set-based, registered by the provider's part of the
/// audit trail (PostgreSQL). Without one, every new revision is a per-row replacement (<see cref="RowReplacement"/>).
/// </summary>
internal interface IBulkRevisionWriter
{
    /// <summary>Writes what it can of <paramref name="entries"/>, new revisions of one entity type, set-based.</summary>
    /// <returns>The entries left to the per-row replacement.</returns>
    List<EntityEntry> Write(VersioningChangeSet changeSet, EntitySavePlan plan, List<EntityEntry> entries);
}
