using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// The complex properties of an entity type that are columns of its own table (EF's value objects, nested too): their
/// leaf properties are part of the entity's row and of its entry, so the strategies version them like the entity's
/// own properties. Complex collections and complex properties mapped to a JSON column are not columns of their own;
/// <see cref="FindUnversionable"/> names them, for the strategies that refuse them.
/// </summary>
internal static class ComplexMembers
{
    /// <summary>
    /// The properties of <paramref name="entityType"/>'s row: its own, then those of its complex properties stored in its
    /// columns (<see cref="ColumnsOf{TProperty}"/>).
    /// </summary>
    public static IEnumerable<TProperty> RowPropertiesOf<TProperty>(IReadOnlyEntityType entityType)
        where TProperty : IReadOnlyProperty
        => entityType.GetProperties().Cast<TProperty>().Concat(ColumnsOf<TProperty>(entityType));

    /// <summary>
    /// The leaf properties of the complex properties of <paramref name="entityType"/> stored in columns of its table, in
    /// model order, depth first.
    /// </summary>
    public static IEnumerable<TProperty> ColumnsOf<TProperty>(IReadOnlyTypeBase entityType)
        where TProperty : IReadOnlyProperty
    {
        foreach (var complexProperty in entityType.GetComplexProperties())
        {
            if (!IsStoredInColumns(complexProperty))
            {
                continue;
            }

            foreach (var property in complexProperty.ComplexType.GetProperties())
            {
                yield return (TProperty)property;
            }

            foreach (var nested in ColumnsOf<TProperty>(complexProperty.ComplexType))
            {
                yield return nested;
            }
        }
    }

    /// <summary>
    /// The path of <paramref name="property"/> from its entity type: <c>Home.Geo.Latitude</c> for a property of a nested
    /// complex type, the property's name for a property of the entity type itself.
    /// </summary>
    public static string PathOf(IReadOnlyPropertyBase property)
    {
        var path = property.Name;
        for (var type = property.DeclaringType; type is IReadOnlyComplexType complexType; type = complexType.ComplexProperty.DeclaringType)
        {
            path = complexType.ComplexProperty.Name + "." + path;
        }

        return path;
    }

    /// <summary>Whether a complex property on the way from the entity type to <paramref name="property"/> may be null.</summary>
    public static bool IsInOptionalComplexProperty(IReadOnlyPropertyBase property)
    {
        for (var type = property.DeclaringType; type is IReadOnlyComplexType complexType; type = complexType.ComplexProperty.DeclaringType)
        {
            if (complexType.ComplexProperty.IsNullable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The first complex property of <paramref name="entityType"/> (nested too) that is not stored in columns of its
    /// own (a collection, or mapped to a JSON column), by its path; <see langword="null"/> when there is none.
    /// </summary>
    public static string? FindUnversionable(IReadOnlyTypeBase entityType)
    {
        foreach (var complexProperty in entityType.GetComplexProperties())
        {
            if (!IsStoredInColumns(complexProperty))
            {
                return PathOf(complexProperty);
            }

            if (FindUnversionable(complexProperty.ComplexType) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    /// <summary>Whether the complex property's values are columns of their own (neither a collection nor JSON).</summary>
    public static bool IsStoredInColumns(IReadOnlyComplexProperty complexProperty)
        => !complexProperty.IsCollection && !complexProperty.ComplexType.IsMappedToJson();
}
