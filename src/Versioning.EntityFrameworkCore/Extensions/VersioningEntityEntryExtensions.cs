using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.ChangeTracking;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Reads the Versioning bookkeeping values of a tracked entity.
/// </summary>
public static class VersioningEntityEntryExtensions
{
    /// <summary>
    /// Returns the bookkeeping values of the entity (<c>CreatedAt</c>, <c>UpdatedBy</c>...), whether they are
    /// mapped to CLR properties or kept as shadow properties.
    /// </summary>
    /// <param name="entry">The entry of the entity, from <c>db.Entry(entity)</c>.</param>
    /// <returns>A view of the entity's bookkeeping values.</returns>
    public static VersioningEntry Versioning(this EntityEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new VersioningEntry(entry);
    }
}
