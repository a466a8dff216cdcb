using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

namespace Versioning.EntityFrameworkCore.ChangeTracking;

// The temporal history values of VersioningEntry; ChangeTracking/VersioningEntry.cs has the rest.
public sealed partial class VersioningEntry
{
    /// <summary>When the entity's current values became valid (temporal history).</summary>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public DateTime? ValidFrom => TimestampProperty.ToUtc(TemporalValue(TemporalPropertyNames.ValidFrom));

    /// <summary>The version number of the entity's current values: 1 after the insert, + 1 per update (temporal history).</summary>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public int Version => (int)TemporalValue(TemporalPropertyNames.Version)!;

    /// <summary>
    /// Who made the entity's current version: the actor of the save (or bulk statement) that inserted or last updated it,
    /// <see langword="null"/> when it had no actor (temporal history).
    /// </summary>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public string? ChangedBy => (string?)TemporalValue(TemporalPropertyNames.ChangedBy);

    private object? TemporalValue(string propertyName)
        => ValueOf(propertyName, _entry.Metadata.IsTemporal(), TemporalHistoryStrategy.DisplayName);
}
