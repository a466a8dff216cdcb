using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;
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

    #region Temporal history

    /// <summary>
    /// Returns whether the entity type keeps a temporal history (<c>ValidFrom</c>, <c>Version</c> and a history
    /// table). A derived type inherits the setting of its nearest base type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when the entity type keeps a temporal history.</returns>
    public static bool IsTemporal(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.TemporalHistory) as bool? ?? false;

    /// <summary>Sets whether the entity type keeps a temporal history.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep a temporal history.</param>
    public static void SetIsTemporal(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.TemporalHistory, enabled);

    /// <summary>Sets whether the entity type keeps a temporal history.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep a temporal history; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetIsTemporal(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.TemporalHistory, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the temporal-history setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetIsTemporalConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.TemporalHistory)?.GetConfigurationSource();

    /// <summary>Returns the configured name of the history table, or <see langword="null"/> for the default.</summary>
    /// <param name="entityType">The temporal entity type.</param>
    /// <returns>The configured table name.</returns>
    public static string? GetTemporalHistoryTableName(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.TemporalHistoryTable) as string;

    /// <summary>Sets the name of the history table.</summary>
    /// <param name="entityType">The temporal entity type.</param>
    /// <param name="name">The table name; <see langword="null"/> for the default.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured name.</returns>
    public static string? SetTemporalHistoryTableName(this IConventionEntityType entityType, string? name, bool fromDataAnnotation = false)
        => (string?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.TemporalHistoryTable, name, fromDataAnnotation)?.Value;

    /// <summary>Returns the configured schema of the history table, or <see langword="null"/> for the entity's schema.</summary>
    /// <param name="entityType">The temporal entity type.</param>
    /// <returns>The configured schema.</returns>
    public static string? GetTemporalHistorySchema(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.TemporalHistorySchema) as string;

    /// <summary>
    /// Returns the history entity type Versioning added for a temporal entity type (a shared-type entity type with a
    /// property bag whose properties mirror the entity's columns plus <c>ValidTo</c> and <c>ChangedBy</c>), or
    /// <see langword="null"/> when the entity type keeps no temporal history.
    /// </summary>
    /// <param name="entityType">The temporal entity type.</param>
    /// <returns>The history entity type.</returns>
    public static IReadOnlyEntityType? FindTemporalHistoryEntityType(this IReadOnlyEntityType entityType)
        => entityType.Model.FindEntityType(TemporalHistoryNames.EntityTypeName(entityType.GetRootType()));

    /// <summary>
    /// Returns, for a history entity type Versioning added, the name of the entity type whose past states it holds;
    /// <see langword="null"/> for every other entity type.
    /// </summary>
    /// <param name="entityType">An entity type.</param>
    /// <returns>The name of the temporal entity type.</returns>
    public static string? GetTemporalHistoryOf(this IReadOnlyEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.TemporalHistoryOf)?.Value as string;

    #endregion

    #region Audit trail

    /// <summary>
    /// Returns whether the entity type keeps its revisions in its own table (audit trail). A derived type inherits the
    /// setting of its nearest base type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when the entity type keeps an audit trail.</returns>
    public static bool HasAuditTrail(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.AuditTrail) as bool? ?? false;

    /// <summary>Sets whether the entity type keeps an audit trail.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep an audit trail.</param>
    public static void SetHasAuditTrail(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.AuditTrail, enabled);

    /// <summary>Sets whether the entity type keeps an audit trail.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep an audit trail; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetHasAuditTrail(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.AuditTrail, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the audit-trail setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetHasAuditTrailConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.AuditTrail)?.GetConfigurationSource();

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
