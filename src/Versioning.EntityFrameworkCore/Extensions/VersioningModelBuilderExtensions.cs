using Versioning.EntityFrameworkCore;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Model-wide Versioning configuration, called in <c>OnModelCreating</c>.
/// </summary>
public static class VersioningModelBuilderExtensions
{
    #region Activity log

    /// <summary>
    /// Keeps activity log rows for <paramref name="retention"/>: <c>db.PurgeActivityLogAsync()</c> deletes the older
    /// ones (seed: 180 days). Without it rows are kept forever.
    /// </summary>
    /// <param name="modelBuilder">The model builder.</param>
    /// <param name="retention">How long rows are kept; must be positive.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ModelBuilder RetainActivityFor(this ModelBuilder modelBuilder, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        modelBuilder.Model.SetActivityLogRetention(retention);
        return modelBuilder;
    }

    /// <summary>
    /// Maps the activity log to the given table (default <c>ActivityLogs</c>, named by the application's naming
    /// convention) and schema. Same as <c>modelBuilder.Entity&lt;ActivityLogEntry&gt;().ToTable(name, schema)</c>,
    /// which can also configure the log's columns further.
    /// </summary>
    /// <param name="modelBuilder">The model builder.</param>
    /// <param name="name">The table name, used as given.</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the default one.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ModelBuilder ActivityLogTable(this ModelBuilder modelBuilder, string name, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        modelBuilder.Entity<ActivityLogEntry>().ToTable(name, schema);
        return modelBuilder;
    }

    #endregion
}
