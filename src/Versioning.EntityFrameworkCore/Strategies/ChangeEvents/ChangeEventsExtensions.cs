using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

// The change events part of VersioningDbContextExtensions: see Extensions/ for the rest.
public static partial class VersioningDbContextExtensions
{
    /// <summary>
    /// Raises a custom change event on <paramref name="entity"/>'s stream (for example <c>PriceChanged</c>). The next
    /// SaveChanges writes it after the entity's own event of that save, with the next stream version, and advances the
    /// entity's <c>StreamVersion</c> (checked as a concurrency token, so a stale copy fails the save); if that save
    /// fails, the event stays pending for the retry.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="entity">A tracked entity of a type that writes change events.</param>
    /// <param name="kind">The event's name.</param>
    /// <param name="data">The event's data, serialized with <c>System.Text.Json</c> into <see cref="ChangeEvent.After"/>.</param>
    /// <exception cref="InvalidOperationException">The entity is not tracked, or its type writes no change events.</exception>
    public static void RaiseChangeEvent(this DbContext context, object entity, string kind, object? data = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        if (string.IsNullOrWhiteSpace(kind))
        {
            throw new ArgumentException(VersioningStrings.ChangeEventKindEmpty, nameof(kind));
        }

        var entry = context.Entry(entity);
        if (!entry.Metadata.HasChangeEvents())
        {
            throw new InvalidOperationException(VersioningStrings.ChangeEventTargetNotConfigured(entry.Metadata.DisplayName()));
        }

        if (entry.State == EntityState.Detached)
        {
            throw new InvalidOperationException(VersioningStrings.ChangeEventTargetNotTracked(entry.Metadata.DisplayName()));
        }

        StateOf(context).Of<ChangeEventsContextState>().Pending.Add(
            new CustomChangeEvent(entity, kind, data == null ? null : System.Text.Json.JsonSerializer.Serialize(data, data.GetType())));
    }

    /// <summary>
    /// Opens a change scope for the changes a handler of <paramref name="cause"/> makes: their change events get the
    /// cause's id as <see cref="ChangeEvent.CausationId"/>, and everything the scope writes gets its correlation id.
    /// Dispose it to close it.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="cause">The change event being handled.</param>
    /// <param name="reason">Why the changes are made.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="InvalidOperationException">Versioning is not enabled on the context.</exception>
    public static ChangeScope BeginChangeScopeCausedBy(this DbContext context, ChangeEvent cause, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cause);
        var state = StateOf(context);
        var scope = new ChangeScope(state, state.CurrentScope, reason, actorId: null, cause.CorrelationId, metadata: null)
        {
            CausationId = cause.Id.ToString(),
        };
        state.CurrentScope = scope;
        return scope;
    }

    /// <summary>
    /// Returns the change events (the outbox), oldest first (<c>ORDER BY Id</c>: the ids are version 7 UUIDs of the save's
    /// time), without tracking. Filter it with <c>Where</c> (by <see cref="ChangeEvent.Status"/> for the relay's queue).
    /// </summary>
    /// <param name="context">The context.</param>
    /// <returns>A composable query of the outbox.</returns>
    /// <exception cref="InvalidOperationException">The model has no change events table.</exception>
    public static IQueryable<ChangeEvent> ChangeEvents(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ChangeEventTable.For(context);
        return context.Set<ChangeEvent>().AsNoTracking().OrderBy(e => e.Id);
    }

    /// <summary>
    /// Gives the dead-lettered change events (<see cref="ChangeEventStatus.Failed"/>) to the relay again: pending, due now,
    /// with their attempts counted from zero (their last error stays until they are delivered). One statement.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>How many events were given back.</returns>
    /// <exception cref="InvalidOperationException">The model has no change events table.</exception>
    public static Task<int> RetryFailedChangeEventsAsync(this DbContext context, CancellationToken cancellationToken = default)
        => FailedEvents(context).ExecuteUpdateAsync(RetrySetters(Now(context)), cancellationToken);

    /// <inheritdoc cref="RetryFailedChangeEventsAsync"/>
    public static int RetryFailedChangeEvents(this DbContext context)
        => FailedEvents(context).ExecuteUpdate(RetrySetters(Now(context)));

    private static IQueryable<ChangeEvent> FailedEvents(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ChangeEventTable.For(context);
        return context.Set<ChangeEvent>().Where(e => e.Status == ChangeEventStatus.Failed);
    }

    /// <summary>Now, by the application's clock (the one that times the events and that the relay reads).</summary>
    private static DateTime Now(DbContext context)
    {
        var state = StateOf(context);
        var services = state.ScopedServices ?? Versioning.EntityFrameworkCore.Infrastructure.ApplicationServices.OfUnbound(context);
        return Versioning.EntityFrameworkCore.Pipeline.SaveTimestamp.From(
            Versioning.EntityFrameworkCore.Infrastructure.ApplicationServices.Get<TimeProvider>(services) ?? TimeProvider.System);
    }

    private static Action<Query.UpdateSettersBuilder<ChangeEvent>> RetrySetters(DateTime now)
        => s => s.SetProperty(e => e.Status, ChangeEventStatus.Pending).SetProperty(e => e.Attempts, 0).SetProperty(e => e.NextAttemptAt, now);

    /// <summary>Counts the change events of the outbox per delivery status, in one query.</summary>
    /// <param name="context">The context.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="InvalidOperationException">The model has no change events table.</exception>
    public static async Task<ChangeEventCounts> GetChangeEventCountsAsync(this DbContext context, CancellationToken cancellationToken = default)
        => Counts(await CountsQuery(context).ToListAsync(cancellationToken));

    /// <inheritdoc cref="GetChangeEventCountsAsync"/>
    public static ChangeEventCounts GetChangeEventCounts(this DbContext context)
        => Counts([.. CountsQuery(context)]);

    private static IQueryable<KeyValuePair<ChangeEventStatus, int>> CountsQuery(DbContext context)
        => context.ChangeEvents().GroupBy(e => e.Status).Select(g => new KeyValuePair<ChangeEventStatus, int>(g.Key, g.Count()));

    private static ChangeEventCounts Counts(List<KeyValuePair<ChangeEventStatus, int>> counts)
    {
        int Of(ChangeEventStatus status) => counts.FirstOrDefault(c => c.Key == status).Value;
        return new ChangeEventCounts(Of(ChangeEventStatus.Pending), Of(ChangeEventStatus.Delivered), Of(ChangeEventStatus.Failed));
    }

    /// <summary>
    /// Returns the change events of <paramref name="entity"/>'s stream in stream order (<c>ORDER BY StreamVersion</c>),
    /// without tracking: what rebuilds the entity, or shows its story.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="entity">An entity of a type that writes change events, tracked or not (its key is read from it).</param>
    /// <returns>A composable query of the stream's events.</returns>
    /// <exception cref="InvalidOperationException">The entity's type writes no change events.</exception>
    public static IQueryable<ChangeEvent> ChangeEventStream(this DbContext context, object entity)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        var (streamType, streamId) = ChangeEventStreams.Of(context, entity);
        return context.Set<ChangeEvent>().AsNoTracking()
            .Where(e => e.StreamType == streamType && e.StreamId == streamId)
            .OrderBy(e => e.StreamVersion);
    }
}

// The change events part of VersioningEntityTypeBuilderExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeBuilderExtensions
{
#pragma warning disable RS0026 // EF's builder pattern: the overloads extend different builders (fluent, generic, convention), so no call is ambiguous.
    /// <summary>
    /// Writes a change event of the entity for each save that creates, changes or deletes it, into the one central
    /// <c>ChangeEvents</c> table (the transactional outbox), in the save's transaction. The entity gets a
    /// <c>StreamVersion</c> (a CLR property of that name when declared, a shadow <see cref="long"/> otherwise), checked as
    /// a concurrency token: each event takes the next version of the entity's stream, without gaps, and a save from a
    /// stale copy fails with a <see cref="DbUpdateConcurrencyException"/>. Overrides
    /// <see cref="Versioning.ChangeEventsAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled"><see langword="false"/> turns change events off (for example to override the attribute).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasChangeEvents(this EntityTypeBuilder entityTypeBuilder, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetHasChangeEvents(enabled);
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasChangeEvents(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasChangeEvents<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled = true)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasChangeEvents((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Writes change events of the entity, from a convention or an attribute. Returns <see langword="null"/> when a
    /// configuration of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to write change events; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasChangeEvents(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetChangeEvents(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetHasChangeEvents(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

#pragma warning restore RS0026

    /// <summary>Returns whether change events can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetChangeEvents(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.ChangeEvents, enabled, fromDataAnnotation);
}

// The change events part of VersioningEntityTypeExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeExtensions
{
    /// <summary>
    /// Returns whether the entity type writes change events. A derived type inherits the setting of its nearest base
    /// type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when the entity type writes change events.</returns>
    public static bool HasChangeEvents(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.ChangeEvents) as bool? ?? false;

    /// <summary>Sets whether the entity type writes change events.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to write change events.</param>
    public static void SetHasChangeEvents(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.ChangeEvents, enabled);

    /// <summary>Sets whether the entity type writes change events.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to write change events; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetHasChangeEvents(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.ChangeEvents, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the change-events setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetHasChangeEventsConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.ChangeEvents)?.GetConfigurationSource();
}
