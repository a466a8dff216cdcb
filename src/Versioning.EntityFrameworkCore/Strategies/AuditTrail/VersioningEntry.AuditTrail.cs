using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;

namespace Versioning.EntityFrameworkCore.ChangeTracking;

// The audit trail values of VersioningEntry; ChangeTracking/VersioningEntry.cs has the rest.
public sealed partial class VersioningEntry
{
    /// <summary>The revision number of the row, from 1 (audit trail).</summary>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail.</exception>
    public int Revision => (int)AuditTrailValue(AuditTrailPropertyNames.Revision)!;

    /// <summary>Whether the row is the current revision of its entity (audit trail).</summary>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail.</exception>
    public bool IsCurrent => AuditTrailValue(AuditTrailPropertyNames.IsCurrent) is true;

    /// <summary>The key of the entity's first revision, or <see langword="null"/> on the first revision (audit trail).</summary>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail.</exception>
    public object? RootId => AuditTrailValue(AuditTrailPropertyNames.RootId);

    /// <summary>Who wrote the revision (audit trail).</summary>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail.</exception>
    public string? ModifiedBy => (string?)AuditTrailValue(AuditTrailPropertyNames.ModifiedBy);

    private object? AuditTrailValue(string propertyName)
        => ValueOf(propertyName, _entry.Metadata.HasAuditTrail(), AuditTrailStrategy.DisplayName);
}
