using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// The property entries of a tracked entity's row: its own properties and those of its complex properties stored in
/// its columns (nested too), whose changes are changes of the entity (<see cref="ComplexMembers"/>).
/// </summary>
internal static class EntryProperties
{
    public static IEnumerable<PropertyEntry> Of(EntityEntry entry)
    {
        foreach (var property in entry.Properties)
        {
            yield return property;
        }

        foreach (var complex in entry.ComplexProperties)
        {
            foreach (var property in Of(complex))
            {
                yield return property;
            }
        }
    }

    /// <summary>Whether a property of the row other than those <paramref name="isBookkeeping"/> names was modified.</summary>
    public static bool AnyModified(EntityEntry entry, Func<PropertyEntry, bool>? isBookkeeping = null)
    {
        foreach (var property in Of(entry))
        {
            if (property.IsModified && isBookkeeping?.Invoke(property) != true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The entry of <paramref name="property"/>: a property of the entity, or of one of its complex properties.</summary>
    public static PropertyEntry Find(EntityEntry entry, IProperty property)
    {
        if (property.DeclaringType is not IComplexType complexType)
        {
            return entry.Property(property);
        }

        var path = new List<IComplexProperty>();
        for (IComplexType? type = complexType; type != null; type = type.ComplexProperty.DeclaringType as IComplexType)
        {
            path.Add(type.ComplexProperty);
        }

        var complex = entry.ComplexProperty(path[^1]);
        for (var i = path.Count - 2; i >= 0; i--)
        {
            complex = complex.ComplexProperty(path[i]);
        }

        return complex.Property(property);
    }

    private static IEnumerable<PropertyEntry> Of(ComplexPropertyEntry complex)
    {
        if (!ComplexMembers.IsStoredInColumns(complex.Metadata))
        {
            yield break;
        }

        foreach (var property in complex.Properties)
        {
            yield return property;
        }

        foreach (var nested in complex.ComplexProperties)
        {
            foreach (var property in Of(nested))
            {
                yield return property;
            }
        }
    }
}
