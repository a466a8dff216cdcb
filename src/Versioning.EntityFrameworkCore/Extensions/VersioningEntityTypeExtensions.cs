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
        => entityType.Model.FindEntityType(Versioning.EntityFrameworkCore.Metadata.Internal.TemporalHistoryNames.EntityTypeName(entityType.GetRootType()));

    /// <summary>
    /// Returns, for a history entity type Versioning added, the name of the entity type whose past states it holds;
    /// <see langword="null"/> for every other entity type.
    /// </summary>
    /// <param name="entityType">An entity type.</param>
    /// <returns>The name of the temporal entity type.</returns>
    public static string? GetTemporalHistoryOf(this IReadOnlyEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.TemporalHistoryOf)?.Value as string;

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
