using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.ChangeTracking.Internal;
using Versioning.EntityFrameworkCore.Properties;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Versioning operations on a context.
/// </summary>
public static class VersioningDbContextExtensions
{
    /// <summary>
    /// Opens a change scope: the SaveChanges calls made on this context until it is disposed record the given
    /// reason, actor (overriding the <see cref="Versioning.IActorAccessor"/>), correlation id and metadata.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="reason">Why the changes are made.</param>
    /// <param name="actor">Who makes them.</param>
    /// <param name="correlationId">An id shared by everything written in the scope.</param>
    /// <param name="metadata">Free-form metadata.</param>
    /// <returns>The scope; dispose it to close it.</returns>
    /// <exception cref="InvalidOperationException">Versioning is not enabled on the context.</exception>
    public static ChangeScope BeginChangeScope(
        this DbContext context,
        string? reason = null,
        string? actor = null,
        string? correlationId = null,
        IReadOnlyDictionary<string, string?>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = StateOf(context);
        var scope = new ChangeScope(state, state.CurrentScope, reason, actor, correlationId, metadata);
        state.CurrentScope = scope;
        return scope;
    }

    /// <summary>Returns the change scope open on the context, or <see langword="null"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The innermost open scope.</returns>
    public static ChangeScope? CurrentChangeScope(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return StateOf(context).CurrentScope;
    }

    #region Temporal history

    /// <summary>
    /// Puts the values <paramref name="entity"/> had at <paramref name="utcPointInTime"/> back into it; the next
    /// SaveChanges writes them as a new version (history is never rewritten: the values replaced get their history row).
    /// The key, <c>ValidFrom</c>, <c>Version</c>, concurrency tokens and values fixed after insert are not restored.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="context">The context tracking the entity.</param>
    /// <param name="entity">The tracked entity to restore.</param>
    /// <param name="utcPointInTime">The time whose values to restore, in UTC.</param>
    /// <exception cref="ArgumentException"><paramref name="utcPointInTime"/> is not UTC.</exception>
    /// <exception cref="InvalidOperationException">The entity is not tracked, not temporal, or did not exist at that time.</exception>
    public static void RestoreAsOf<TEntity>(this DbContext context, TEntity entity, DateTime utcPointInTime)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        var time = Versioning.EntityFrameworkCore.Query.Internal.TemporalQueryFactory.Utc(utcPointInTime, nameof(utcPointInTime));
        TemporalRestorer.RestoreAsync(context, entity, time, async: false, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="RestoreAsOf{TEntity}(DbContext, TEntity, DateTime)"/>
    /// <param name="context">The context tracking the entity.</param>
    /// <param name="entity">The tracked entity to restore.</param>
    /// <param name="utcPointInTime">The time whose values to restore, in UTC.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>A task that completes when the values are restored (not yet saved).</returns>
    public static Task RestoreAsOfAsync<TEntity>(
        this DbContext context, TEntity entity, DateTime utcPointInTime, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        var time = Versioning.EntityFrameworkCore.Query.Internal.TemporalQueryFactory.Utc(utcPointInTime, nameof(utcPointInTime));
        return TemporalRestorer.RestoreAsync(context, entity, time, async: true, cancellationToken);
    }

    #endregion

    private static VersioningContextState StateOf(DbContext context)
        => ((IInfrastructure<IServiceProvider>)context).Instance.GetService(typeof(VersioningContextState)) as VersioningContextState
            ?? throw new InvalidOperationException(VersioningStrings.VersioningNotEnabled(TypeDisplayNames.Of(context.GetType())));
}
