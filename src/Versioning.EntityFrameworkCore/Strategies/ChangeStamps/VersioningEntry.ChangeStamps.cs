using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;

namespace Versioning.EntityFrameworkCore.ChangeTracking;

// The change stamps values of VersioningEntry; ChangeTracking/VersioningEntry.cs has the rest.
public sealed partial class VersioningEntry
{
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

    private DateTime? TimestampOf(string propertyName) => TimestampProperty.ToUtc(ChangeStampValue(propertyName));

    private string? ActorOf(string propertyName) => (string?)ChangeStampValue(propertyName);

    private object? ChangeStampValue(string propertyName)
        => ValueOf(propertyName, _entry.Metadata.HasChangeStamps(), ChangeStampsStrategy.DisplayName);
}
