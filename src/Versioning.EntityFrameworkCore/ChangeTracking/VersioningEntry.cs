using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.ChangeTracking;

/// <summary>
/// The bookkeeping values of one tracked entity, whether they are shadow properties or CLR properties.
/// Get one with <c>db.Entry(entity).Versioning()</c>. Timestamps are returned as UTC <see cref="DateTime"/>s.
/// </summary>
public sealed class VersioningEntry
{
    private readonly EntityEntry _entry;

    internal VersioningEntry(EntityEntry entry) => _entry = entry;

    /// <summary>When the row was inserted (change stamps).</summary>
    /// <exception cref="InvalidOperationException">The entity type does not keep change stamps.</exception>
    public DateTime? CreatedAt => TimestampOf(ChangeStampPropertyNames.CreatedAt);

    /// <summary>Who inserted the row (change stamps).</summary>
    /// <exception cref="InvalidOperationException">The entity type does not keep change stamps.</exception>
    public string? CreatedBy => ActorOf(ChangeStampPropertyNames.CreatedBy);

    /// <summary>When the row was last written (change stamps).</summary>
    /// <exception cref="InvalidOperationException">The entity type does not keep change stamps.</exception>
    public DateTime? UpdatedAt => TimestampOf(ChangeStampPropertyNames.UpdatedAt);

    /// <summary>Who last wrote the row (change stamps).</summary>
    /// <exception cref="InvalidOperationException">The entity type does not keep change stamps.</exception>
    public string? UpdatedBy => ActorOf(ChangeStampPropertyNames.UpdatedBy);

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

    /// <summary>When the entity's current values became valid (temporal history).</summary>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public DateTime? ValidFrom => TimestampProperty.ToUtc(TemporalValue(TemporalPropertyNames.ValidFrom));

    /// <summary>The version number of the entity's current values: 1 after the insert, + 1 per update (temporal history).</summary>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public int Version => (int)TemporalValue(TemporalPropertyNames.Version)!;

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

    private DateTime? TimestampOf(string propertyName) => TimestampProperty.ToUtc(ChangeStampValue(propertyName));

    private string? ActorOf(string propertyName) => (string?)ChangeStampValue(propertyName);

    private object? SoftDeleteValue(string propertyName)
        => ValueOf(propertyName, _entry.Metadata.IsSoftDeletable(), VersioningStrategyNames.SoftDelete);

    private IReadOnlyEntityType SoftDeleteType()
    {
        IReadOnlyEntityType entityType = _entry.Metadata;
        return entityType.IsSoftDeletable()
            ? entityType
            : throw new InvalidOperationException(
                VersioningStrings.StrategyNotConfigured(entityType.DisplayName(), VersioningStrategyNames.SoftDelete));
    }

    private object? ChangeStampValue(string propertyName)
        => ValueOf(propertyName, _entry.Metadata.HasChangeStamps(), VersioningStrategyNames.ChangeStamps);

    private object? TemporalValue(string propertyName)
        => ValueOf(propertyName, _entry.Metadata.IsTemporal(), VersioningStrategyNames.TemporalHistory);

    private object? AuditTrailValue(string propertyName)
        => ValueOf(propertyName, _entry.Metadata.HasAuditTrail(), VersioningStrategyNames.AuditTrail);

    private object? ValueOf(string propertyName, bool strategyConfigured, string strategy)
        => strategyConfigured
            ? _entry.CurrentValues[propertyName]
            : throw new InvalidOperationException(VersioningStrings.StrategyNotConfigured(_entry.Metadata.DisplayName(), strategy));
}
