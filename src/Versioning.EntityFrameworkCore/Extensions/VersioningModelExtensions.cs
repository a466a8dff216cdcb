using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Reads and writes the model-wide Versioning configuration.
/// </summary>
public static class VersioningModelExtensions
{
    #region Activity log

    /// <summary>Returns how long activity log rows are kept, or <see langword="null"/> when they are kept forever.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The retention period.</returns>
    public static TimeSpan? GetActivityLogRetention(this IReadOnlyModel model)
        => model[VersioningAnnotationNames.ActivityLogRetention] as TimeSpan?;

    /// <summary>Sets how long activity log rows are kept.</summary>
    /// <param name="model">The model.</param>
    /// <param name="retention">The retention period; <see langword="null"/> keeps rows forever.</param>
    public static void SetActivityLogRetention(this IMutableModel model, TimeSpan? retention)
        => model.SetOrRemoveAnnotation(VersioningAnnotationNames.ActivityLogRetention, retention);

    #endregion
}
