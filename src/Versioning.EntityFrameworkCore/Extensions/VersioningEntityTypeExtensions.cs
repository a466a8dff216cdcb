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

    #region Soft delete

    /// <summary>
    /// Returns whether the entity type is soft-deleted (deleting it flags the row instead of removing it). A derived
    /// type inherits the setting of its nearest base type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when the entity type is soft-deleted.</returns>
    public static bool IsSoftDeletable(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.SoftDelete) as bool? ?? false;

    /// <summary>Sets whether the entity type is soft-deleted.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to soft-delete it.</param>
    public static void SetIsSoftDeletable(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDelete, enabled);

    /// <summary>Sets whether the entity type is soft-deleted.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to soft-delete it; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetIsSoftDeletable(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDelete, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the soft-delete setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetIsSoftDeletableConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.SoftDelete)?.GetConfigurationSource();

    /// <summary>
    /// Returns how long a soft-deleted row is kept before it may be purged, or <see langword="null"/> when deleted rows
    /// are kept forever (then the entity has no <c>PurgeAt</c> property).
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The retention, or <see langword="null"/>.</returns>
    public static TimeSpan? GetSoftDeletePurgeAfter(this IReadOnlyEntityType entityType)
        => entityType.IsSoftDeletable() ? FindInHierarchy(entityType, VersioningAnnotationNames.SoftDeletePurgeAfter) as TimeSpan? : null;

    /// <summary>Sets how long a soft-deleted row is kept before it may be purged.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="purgeAfter">The retention; <see langword="null"/> keeps deleted rows forever.</param>
    public static void SetSoftDeletePurgeAfter(this IMutableEntityType entityType, TimeSpan? purgeAfter)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDeletePurgeAfter, purgeAfter);

    /// <summary>Sets how long a soft-deleted row is kept before it may be purged.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="purgeAfter">The retention; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static TimeSpan? SetSoftDeletePurgeAfter(this IConventionEntityType entityType, TimeSpan? purgeAfter, bool fromDataAnnotation = false)
        => (TimeSpan?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDeletePurgeAfter, purgeAfter, fromDataAnnotation)?.Value;

    /// <summary>
    /// Returns whether an update of the entity keeps the old row (flagged deleted) and inserts the new values as a new
    /// row with a new key ('soft delete with new record').
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when updates replace the row.</returns>
    public static bool IsSoftDeleteReplaceOnUpdate(this IReadOnlyEntityType entityType)
        => entityType.IsSoftDeletable()
            && (FindInHierarchy(entityType, VersioningAnnotationNames.SoftDeleteReplaceOnUpdate) as bool? ?? false);

    /// <summary>Sets whether an update of the entity replaces the row.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to replace rows on update.</param>
    public static void SetIsSoftDeleteReplaceOnUpdate(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDeleteReplaceOnUpdate, enabled);

    /// <summary>Sets whether an update of the entity replaces the row.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to replace rows on update; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetIsSoftDeleteReplaceOnUpdate(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDeleteReplaceOnUpdate, enabled, fromDataAnnotation)?.Value;

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
