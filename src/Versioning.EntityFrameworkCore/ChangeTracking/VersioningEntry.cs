using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata.Internal;
using Versioning.EntityFrameworkCore.Properties;

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

    /// <summary>When the entity's current values became valid (temporal history).</summary>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public DateTime? ValidFrom => TimestampProperty.ToUtc(TemporalValue(TemporalPropertyNames.ValidFrom));

    /// <summary>The version number of the entity's current values: 1 after the insert, + 1 per update (temporal history).</summary>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public int Version => (int)TemporalValue(TemporalPropertyNames.Version)!;

    private DateTime? TimestampOf(string propertyName) => TimestampProperty.ToUtc(ChangeStampValue(propertyName));

    private object? TemporalValue(string propertyName)
    {
        IReadOnlyEntityType entityType = _entry.Metadata;
        if (!entityType.IsTemporal())
        {
            throw new InvalidOperationException(
                VersioningStrings.StrategyNotConfigured(entityType.DisplayName(), VersioningStrategyNames.TemporalHistory));
        }

        return _entry.CurrentValues[propertyName];
    }

    private string? ActorOf(string propertyName) => (string?)ChangeStampValue(propertyName);

    private object? ChangeStampValue(string propertyName)
    {
        IReadOnlyEntityType entityType = _entry.Metadata;
        if (!entityType.HasChangeStamps())
        {
            throw new InvalidOperationException(
                VersioningStrings.StrategyNotConfigured(entityType.DisplayName(), VersioningStrategyNames.ChangeStamps));
        }

        return _entry.CurrentValues[propertyName];
    }
}
