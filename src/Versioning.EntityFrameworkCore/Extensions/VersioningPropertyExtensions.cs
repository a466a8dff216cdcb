using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Reads and writes the Versioning configuration of properties.
/// </summary>
public static partial class VersioningPropertyExtensions
{
    /// <summary>
    /// Returns whether the property is bookkeeping a strategy writes (a stamp, a flag...), as opposed to the entity's own data.
    /// </summary>
    /// <param name="property">The property.</param>
    /// <returns><see langword="true"/> for a bookkeeping property.</returns>
    public static bool IsVersioningBookkeeping(this IReadOnlyProperty property)
        => property[VersioningAnnotationNames.Bookkeeping] as bool? ?? false;
}
