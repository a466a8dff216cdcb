using Microsoft.EntityFrameworkCore.Metadata;

// Public entry points live in the namespace of the type they extend, so users need no extra using.
// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Reads and writes the Versioning configuration of entity types.
/// </summary>
public static partial class VersioningEntityTypeExtensions
{
    private static object? FindInHierarchy(IReadOnlyEntityType entityType, string annotationName)
    {
        for (var type = entityType; type != null; type = type.BaseType)
        {
            if (type.FindAnnotation(annotationName) is { } annotation)
            {
                return annotation.Value;
            }
        }

        return null;
    }
}
