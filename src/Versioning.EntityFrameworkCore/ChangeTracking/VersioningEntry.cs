using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.ChangeTracking;

/// <summary>
/// The bookkeeping values of one tracked entity, whether they are shadow properties or CLR properties.
/// Get one with <c>db.Entry(entity).Versioning()</c>. Timestamps are returned as UTC <see cref="DateTime"/>s.
/// </summary>
public sealed partial class VersioningEntry
{
    private readonly EntityEntry _entry;

    internal VersioningEntry(EntityEntry entry) => _entry = entry;

    private object? ValueOf(string propertyName, bool strategyConfigured, string strategy)
        => strategyConfigured
            ? _entry.CurrentValues[propertyName]
            : throw new InvalidOperationException(VersioningStrings.StrategyNotConfigured(_entry.Metadata.DisplayName(), strategy));
}
