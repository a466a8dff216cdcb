using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;

namespace Versioning.EntityFrameworkCore.ChangeTracking;

// The soft delete values of VersioningEntry; ChangeTracking/VersioningEntry.cs has the rest.
public sealed partial class VersioningEntry
{
    /// <summary>Whether the row is soft-deleted.</summary>
    /// <exception cref="InvalidOperationException">The entity type does not use soft delete.</exception>
    public bool IsDeleted => SoftDeleteValue(SoftDeletePropertyNames.IsDeleted) is true;

    /// <summary>When the row was soft-deleted, or <see langword="null"/>.</summary>
    /// <exception cref="InvalidOperationException">The entity type does not use soft delete.</exception>
    public DateTime? DeletedAt => TimestampProperty.ToUtc(SoftDeleteValue(SoftDeletePropertyNames.DeletedAt));

    /// <summary>Who soft-deleted the row.</summary>
    /// <exception cref="InvalidOperationException">The entity type does not use soft delete.</exception>
    public string? DeletedBy => (string?)SoftDeleteValue(SoftDeletePropertyNames.DeletedBy);

    /// <summary>Why the row was soft-deleted (the change scope's reason, or "Updated with new information" for a replaced row).</summary>
    /// <exception cref="InvalidOperationException">The entity type does not use soft delete.</exception>
    public string? DeletedReason => (string?)SoftDeleteValue(SoftDeletePropertyNames.DeletedReason);

    /// <summary>When the deleted row may be purged; always <see langword="null"/> when the entity type has no retention.</summary>
    /// <exception cref="InvalidOperationException">The entity type does not use soft delete.</exception>
    public DateTime? PurgeAt
        => SoftDeleteType().GetSoftDeletePurgeAfter() == null
            ? null
            : TimestampProperty.ToUtc(SoftDeleteValue(SoftDeletePropertyNames.PurgeAt));

    private object? SoftDeleteValue(string propertyName)
        => ValueOf(propertyName, _entry.Metadata.IsSoftDeletable(), SoftDeleteStrategy.DisplayName);

    private IReadOnlyEntityType SoftDeleteType()
    {
        IReadOnlyEntityType entityType = _entry.Metadata;
        return entityType.IsSoftDeletable()
            ? entityType
            : throw new InvalidOperationException(
                VersioningStrings.StrategyNotConfigured(entityType.DisplayName(), SoftDeleteStrategy.DisplayName));
    }
}
