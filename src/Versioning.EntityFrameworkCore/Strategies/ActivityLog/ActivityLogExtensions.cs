using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

// The activity log part of VersioningDbContextExtensions: see Extensions/ for the rest.
public static partial class VersioningDbContextExtensions
{
    /// <summary>
    /// Records a named domain activity about <paramref name="entity"/> (for example <c>SHIPPED</c>). The row is written by
    /// the next SaveChanges, atomically with its changes (a SaveChanges with nothing else to save writes it too); if
    /// that save fails, the activity stays pending for the retry.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="entity">The entity the activity is about, tracked or not (an added entity gets its generated key).</param>
    /// <param name="action">The activity's name.</param>
    /// <param name="details">Free text; the change scope's reason when <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException">The model has no activity log, or the entity is not of the model.</exception>
    public static void LogActivity(this DbContext context, object entity, string action, string? details = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        var state = StateOf(context);
        ActivityLogTableMap.For(context);
        if (VersioningSavePlan.For(context.Model).IsEmpty)
        {
            // The pipeline does not run at all for a model without versioned types, so the row would never be written.
            throw new InvalidOperationException(VersioningStrings.ActivityLogNotMapped(TypeDisplayNames.Of(context.GetType())));
        }

        if (context.Entry(entity).State == EntityState.Detached)
        {
            // Fail now, not at SaveChanges, when the key cannot be read from an untracked instance.
            ActivityLogTarget.Of(context.Model, entity);
        }

        state.Of<ActivityLogContextState>().PendingActivities.Add(new ManualActivity(entity, action, details));
    }

    /// <summary>
    /// Returns the activity log, newest first (<c>ORDER BY Timestamp DESC, Id DESC</c>; the rows of one save share
    /// their timestamp and come in no particular order among themselves), without tracking. Filters added after it (<c>For</c>, <c>WithAction</c>, <c>ByActor</c>, <c>Between</c>,
    /// <c>Where</c>) keep that order; a later <c>OrderBy</c> replaces it.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <returns>A composable query of the log.</returns>
    /// <exception cref="InvalidOperationException">The model has no activity log.</exception>
    public static IQueryable<ActivityLogEntry> ActivityLog(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ActivityLogTableMap.For(context);
        return context.Set<ActivityLogEntry>().AsNoTracking().OrderByDescending(l => l.Timestamp).ThenByDescending(l => l.Id);
    }

    /// <summary>
    /// Deletes the activity log rows older than the retention (<c>modelBuilder.RetainActivityFor(...)</c>), in batches of
    /// <paramref name="batchSize"/> rows, each its own statement, so a large purge holds no long lock. Newer rows are kept.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="batchSize">Rows deleted per statement.</param>
    /// <param name="cancellationToken">Cancels between and during batches.</param>
    /// <returns>How many rows were deleted.</returns>
    /// <exception cref="InvalidOperationException">The model has no activity log or no retention.</exception>
    public static Task<int> PurgeActivityLogAsync(this DbContext context, int batchSize = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ActivityLogPurger.PurgeAsync(context, batchSize, cancellationToken);
    }

    /// <inheritdoc cref="PurgeActivityLogAsync"/>
    public static int PurgeActivityLog(this DbContext context, int batchSize = 10_000)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ActivityLogPurger.Purge(context, batchSize);
    }
}

// The activity log part of VersioningEntityTypeBuilderExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeBuilderExtensions
{
    /// <summary>
    /// Keeps an activity log of the entity: each insert writes one <c>CREATE</c> row, each update one row per changed
    /// property (old and new value as invariant text, action <c>UPDATE</c> unless the property names its own), each
    /// delete one <c>DELETE</c> row, into the central activity log table, in the same transaction as the change.
    /// Overrides <see cref="Versioning.ActivityLogAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled"><see langword="false"/> turns the activity log off (for example to override the attribute).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasActivityLog(this EntityTypeBuilder entityTypeBuilder, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetHasActivityLog(enabled);
        return entityTypeBuilder;
    }

    /// <summary>
    /// Keeps an activity log of the entity (see <see cref="HasActivityLog(EntityTypeBuilder, bool)"/>) and configures
    /// its properties: <c>a =&gt; a.Track(p =&gt; p.Price, "PRICE_CHANGE").Ignore(p =&gt; p.Notes).Redact(p =&gt; p.Iban)</c>.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="configure">Configures tracked, ignored and redacted properties.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder<TEntity> HasActivityLog<TEntity>(
        this EntityTypeBuilder<TEntity> entityTypeBuilder, Action<ActivityLogBuilder<TEntity>>? configure = null)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetHasActivityLog(true);
        configure?.Invoke(new ActivityLogBuilder<TEntity>(entityTypeBuilder.Metadata));
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasActivityLog(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasActivityLog<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasActivityLog((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Keeps an activity log of the entity, from a convention or an attribute. Returns <see langword="null"/> when a
    /// configuration of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to keep an activity log; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasActivityLog(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetActivityLog(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetHasActivityLog(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    /// <summary>Returns whether the activity log can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetActivityLog(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.ActivityLog, enabled, fromDataAnnotation);
}

// The activity log part of VersioningEntityTypeExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeExtensions
{
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
}

/// <summary>
/// Model-wide Versioning configuration, called in <c>OnModelCreating</c>.
/// </summary>
public static partial class VersioningModelBuilderExtensions
{
    /// <summary>
    /// Keeps activity log rows for <paramref name="retention"/>: <c>db.PurgeActivityLogAsync()</c> deletes the older
    /// ones (for example 180 days). Without it rows are kept forever.
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
}

/// <summary>
/// Reads and writes the model-wide Versioning configuration.
/// </summary>
public static partial class VersioningModelExtensions
{
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
}

// The activity log part of VersioningPropertyExtensions: see Extensions/ for the rest.
public static partial class VersioningPropertyExtensions
{
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
}

// The activity log part of VersioningQueryableExtensions: see Extensions/ for the rest.
public static partial class VersioningQueryableExtensions
{
    /// <summary>Keeps the log rows of one entity (inserted, changed, deleted or named in a manual activity).</summary>
    /// <param name="source">The log, from <c>db.ActivityLog()</c>.</param>
    /// <param name="entity">The entity, tracked or not; its key is read from the instance.</param>
    /// <returns>The filtered log.</returns>
    /// <exception cref="InvalidOperationException">The entity's type is not part of the context's model.</exception>
    public static IQueryable<ActivityLogEntry> For(this IQueryable<ActivityLogEntry> source, object entity)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(entity);
        return Where(source, ActivityLogTarget.Of(ModelOf(source), entity));
    }

    /// <summary>Keeps the log rows of the <typeparamref name="TEntity"/> with the given key.</summary>
    /// <typeparam name="TEntity">The entity type (a derived type finds the rows of its whole hierarchy).</typeparam>
    /// <param name="source">The log, from <c>db.ActivityLog()</c>.</param>
    /// <param name="keyValues">The key's value, or the values of a composite key in key order.</param>
    /// <returns>The filtered log.</returns>
    public static IQueryable<ActivityLogEntry> For<TEntity>(this IQueryable<ActivityLogEntry> source, params object?[] keyValues)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keyValues);
        return Where(source, ActivityLogTarget.Of(ModelOf(source), typeof(TEntity), keyValues));
    }

    /// <summary>Keeps the rows of one action (<c>CREATE</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>PRICE_CHANGE</c>...).</summary>
    /// <param name="source">The log.</param>
    /// <param name="action">The action.</param>
    /// <returns>The filtered log.</returns>
    public static IQueryable<ActivityLogEntry> WithAction(this IQueryable<ActivityLogEntry> source, string action)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Where(l => l.Action == action);
    }

    /// <summary>Keeps the rows written by one actor; <see langword="null"/> keeps the rows written without an actor.</summary>
    /// <param name="source">The log.</param>
    /// <param name="actorId">The actor.</param>
    /// <returns>The filtered log.</returns>
    public static IQueryable<ActivityLogEntry> ByActor(this IQueryable<ActivityLogEntry> source, string? actorId)
    {
        ArgumentNullException.ThrowIfNull(source);
        return actorId == null ? source.Where(l => l.ActorId == null) : source.Where(l => l.ActorId == actorId);
    }

    /// <summary>Keeps the rows saved in [<paramref name="from"/>, <paramref name="to"/>) — from inclusive, to exclusive.</summary>
    /// <param name="source">The log.</param>
    /// <param name="from">The start, UTC (a local time is converted; an unspecified one is taken as UTC).</param>
    /// <param name="to">The end, UTC, excluded.</param>
    /// <returns>The filtered log.</returns>
    public static IQueryable<ActivityLogEntry> Between(this IQueryable<ActivityLogEntry> source, DateTime from, DateTime to)
    {
        ArgumentNullException.ThrowIfNull(source);
        var start = TimestampProperty.ToUtc(from.Kind == DateTimeKind.Local ? from.ToUniversalTime() : from)!.Value;
        var end = TimestampProperty.ToUtc(to.Kind == DateTimeKind.Local ? to.ToUniversalTime() : to)!.Value;
        return source.Where(l => l.Timestamp >= start && l.Timestamp < end);
    }

    private static IQueryable<ActivityLogEntry> Where(IQueryable<ActivityLogEntry> source, ActivityLogTarget target)
    {
        var entityType = target.Key.EntityTypeName;
        var entityId = target.EntityId;
        return source.Where(l => l.EntityType == entityType && l.EntityId == entityId);
    }

    private static Metadata.IModel ModelOf(IQueryable<ActivityLogEntry> source)
        => BulkStatement.FindRoot(source.Expression)?.EntityType.Model
            ?? throw new InvalidOperationException(VersioningStrings.NotAnActivityLogQuery);
}
