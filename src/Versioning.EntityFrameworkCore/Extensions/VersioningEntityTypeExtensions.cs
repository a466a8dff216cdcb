using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

// Public entry points live in the namespace of the type they extend, so users need no extra using.
// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Reads and writes the Versioning configuration of entity types.
/// </summary>
public static class VersioningEntityTypeExtensions
{
    #region Change stamps

    /// <summary>
    /// Returns whether the entity type keeps change stamps (<c>CreatedAt/By</c>, <c>UpdatedAt/By</c>). A derived type
    /// inherits the setting of its nearest base type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when the entity type keeps change stamps.</returns>
    public static bool HasChangeStamps(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.ChangeStamps) as bool? ?? false;

    /// <summary>Sets whether the entity type keeps change stamps.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep change stamps.</param>
    public static void SetHasChangeStamps(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.ChangeStamps, enabled);

    /// <summary>Sets whether the entity type keeps change stamps.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep change stamps; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetHasChangeStamps(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.ChangeStamps, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the change-stamps setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetHasChangeStampsConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.ChangeStamps)?.GetConfigurationSource();

    #endregion

    #region Activity log

    /// <summary>
    /// Returns whether the entity type keeps an activity log. A derived type inherits the setting of its nearest base
    /// type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when changes of the entity type are written to the activity log.</returns>
    public static bool HasActivityLog(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.ActivityLog) as bool? ?? false;

    /// <summary>Sets whether the entity type keeps an activity log.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep an activity log.</param>
    public static void SetHasActivityLog(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.ActivityLog, enabled);

    /// <summary>Sets whether the entity type keeps an activity log.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep an activity log; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetHasActivityLog(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.ActivityLog, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the activity-log setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetHasActivityLogConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.ActivityLog)?.GetConfigurationSource();

    #endregion

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
