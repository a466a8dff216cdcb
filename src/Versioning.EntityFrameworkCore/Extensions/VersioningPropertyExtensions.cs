using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Reads and writes the Versioning configuration of properties.
/// </summary>
public static class VersioningPropertyExtensions
{
    #region Activity log

    /// <summary>Returns the action logged when the property changes, or <see langword="null"/> for <c>UPDATE</c>.</summary>
    /// <param name="property">The property.</param>
    /// <returns>The configured action.</returns>
    public static string? GetActivityAction(this IReadOnlyProperty property)
        => (string?)property[VersioningAnnotationNames.ActivityAction];

    /// <summary>Sets the action logged when the property changes.</summary>
    /// <param name="property">The property.</param>
    /// <param name="action">The action; <see langword="null"/> logs <c>UPDATE</c>.</param>
    public static void SetActivityAction(this IMutableProperty property, string? action)
        => property.SetOrRemoveAnnotation(VersioningAnnotationNames.ActivityAction, action);

    /// <summary>Sets the action logged when the property changes.</summary>
    /// <param name="property">The property.</param>
    /// <param name="action">The action; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static string? SetActivityAction(this IConventionProperty property, string? action, bool fromDataAnnotation = false)
        => (string?)property.SetOrRemoveAnnotation(VersioningAnnotationNames.ActivityAction, action, fromDataAnnotation)?.Value;

    /// <summary>Returns whether the property is left out of the activity log.</summary>
    /// <param name="property">The property.</param>
    /// <returns><see langword="true"/> when changes of the property are not logged.</returns>
    public static bool IsNotVersioned(this IReadOnlyProperty property)
        => property[VersioningAnnotationNames.NotVersioned] as bool? ?? false;

    /// <summary>Sets whether the property is left out of the activity log.</summary>
    /// <param name="property">The property.</param>
    /// <param name="notVersioned"><see langword="true"/> to leave it out.</param>
    public static void SetIsNotVersioned(this IMutableProperty property, bool notVersioned)
        => property.SetOrRemoveAnnotation(VersioningAnnotationNames.NotVersioned, notVersioned);

    /// <summary>Sets whether the property is left out of the activity log.</summary>
    /// <param name="property">The property.</param>
    /// <param name="notVersioned"><see langword="true"/> to leave it out; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetIsNotVersioned(this IConventionProperty property, bool? notVersioned, bool fromDataAnnotation = false)
        => (bool?)property.SetOrRemoveAnnotation(VersioningAnnotationNames.NotVersioned, notVersioned, fromDataAnnotation)?.Value;

    /// <summary>Returns whether a mask is logged instead of the property's values.</summary>
    /// <param name="property">The property.</param>
    /// <returns><see langword="true"/> when the property is redacted.</returns>
    public static bool IsRedacted(this IReadOnlyProperty property)
        => property[VersioningAnnotationNames.Redacted] as bool? ?? false;

    /// <summary>Sets whether a mask is logged instead of the property's values.</summary>
    /// <param name="property">The property.</param>
    /// <param name="redacted"><see langword="true"/> to redact it.</param>
    public static void SetIsRedacted(this IMutableProperty property, bool redacted)
        => property.SetOrRemoveAnnotation(VersioningAnnotationNames.Redacted, redacted);

    /// <summary>Sets whether a mask is logged instead of the property's values.</summary>
    /// <param name="property">The property.</param>
    /// <param name="redacted"><see langword="true"/> to redact it; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetIsRedacted(this IConventionProperty property, bool? redacted, bool fromDataAnnotation = false)
        => (bool?)property.SetOrRemoveAnnotation(VersioningAnnotationNames.Redacted, redacted, fromDataAnnotation)?.Value;

    #endregion

    /// <summary>
    /// Returns whether the property is bookkeeping a strategy writes (a stamp, a flag...), as opposed to the entity's own data.
    /// </summary>
    /// <param name="property">The property.</param>
    /// <returns><see langword="true"/> for a bookkeeping property.</returns>
    public static bool IsVersioningBookkeeping(this IReadOnlyProperty property)
        => property[VersioningAnnotationNames.Bookkeeping] as bool? ?? false;
}
