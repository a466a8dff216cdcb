using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Pipeline.Batching;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore;

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

    #region Activity log

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

        state.PendingActivities.Add(new ManualActivity(entity, action, details));
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

    #endregion

    #region Soft delete

    /// <summary>
    /// Undeletes a soft-deleted entity, and what was soft-deleted with it: its soft-deletable dependents along cascading
    /// relationships that carry the same <c>DeletedAt</c> and <c>DeletedBy</c> (deleted by the same save). Clears their
    /// five soft-delete values on the tracked entries; the next SaveChanges writes them. Dependents are loaded with one
    /// query per relationship. A detached entity is attached first.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="entity">The deleted entity, loaded for example with <c>IncludeDeleted()</c>.</param>
    /// <exception cref="InvalidOperationException">The entity is not soft-deletable, or not deleted.</exception>
    public static void Restore(this DbContext context, object entity)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        SoftDeleteRestorer.RestoreAsync(context, entity, async: false, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Restore(DbContext, object)"/>
    /// <param name="context">The context.</param>
    /// <param name="entity">The deleted entity, loaded for example with <c>IncludeDeleted()</c>.</param>
    /// <param name="cancellationToken">A token to cancel the loading of dependents.</param>
    /// <returns>A task that completes when the entities are marked restored.</returns>
    public static Task RestoreAsync(this DbContext context, object entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        return SoftDeleteRestorer.RestoreAsync(context, entity, async: true, cancellationToken);
    }

    /// <summary>
    /// Hard-deletes the soft-deleted rows of <typeparamref name="TEntity"/> whose <c>PurgeAt</c> has passed
    /// (<c>PurgeAt &lt;= now</c>, "now" from the application's <see cref="TimeProvider"/>), with one <c>DELETE</c>
    /// statement. A row without a purge date is never purged. Other query filters of the entity still apply.
    /// </summary>
    /// <typeparam name="TEntity">A soft-deletable entity type with a retention (<c>PurgeAfter</c>).</typeparam>
    /// <param name="context">The context.</param>
    /// <returns>The number of rows purged.</returns>
    /// <exception cref="InvalidOperationException">The entity type has no retention.</exception>
    public static int Purge<TEntity>(this DbContext context)
        where TEntity : class
        => SoftDeletePurger.PurgeAsync(context, EntityTypeOf<TEntity>(context), async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="Purge{TEntity}(DbContext)"/>
    /// <param name="context">The context.</param>
    /// <param name="cancellationToken">A token to cancel the statement.</param>
    public static Task<int> PurgeAsync<TEntity>(this DbContext context, CancellationToken cancellationToken = default)
        where TEntity : class
        => SoftDeletePurger.PurgeAsync(context, EntityTypeOf<TEntity>(context), async: true, cancellationToken);

    /// <summary>
    /// Purges every soft-deletable entity type that has a retention (see <see cref="Purge{TEntity}(DbContext)"/>), one
    /// <c>DELETE</c> per type, in model order. Call it inside a transaction to make it all-or-nothing.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <returns>The number of rows purged, keyed by entity type name (<c>IEntityType.Name</c>).</returns>
    public static IReadOnlyDictionary<string, int> Purge(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SoftDeletePurger.PurgeAllAsync(context, async: false, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Purge(DbContext)"/>
    /// <param name="context">The context.</param>
    /// <param name="cancellationToken">A token to cancel the statements.</param>
    public static Task<IReadOnlyDictionary<string, int>> PurgeAsync(this DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SoftDeletePurger.PurgeAllAsync(context, async: true, cancellationToken);
    }

    private static Microsoft.EntityFrameworkCore.Metadata.IEntityType EntityTypeOf<TEntity>(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException(VersioningStrings.NotAnEntityType(TypeDisplayNames.Of(typeof(TEntity))));
    }

    #endregion

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
        var time = TemporalQueryFactory.Utc(utcPointInTime, nameof(utcPointInTime));
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
        var time = TemporalQueryFactory.Utc(utcPointInTime, nameof(utcPointInTime));
        return TemporalRestorer.RestoreAsync(context, entity, time, async: true, cancellationToken);
    }

    #endregion

    #region Audit trail

    /// <summary>
    /// Restores the values of revision <paramref name="revision"/> of an audit-trail entity: copies that revision's values
    /// (not its key nor its bookkeeping) onto <paramref name="entity"/>, the tracked current revision, so that the next
    /// SaveChanges writes them as a new revision (history is never rewritten). Loads revision n with one query. A detached
    /// entity is attached first.
    /// </summary>
    /// <typeparam name="TEntity">An audit-trail entity type.</typeparam>
    /// <param name="context">The context.</param>
    /// <param name="entity">The current revision of the entity.</param>
    /// <param name="revision">The revision whose values to bring back, from 1.</param>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail, <paramref name="entity"/> is a
    /// past revision, or the entity has no revision <paramref name="revision"/>.</exception>
    public static void RestoreRevision<TEntity>(this DbContext context, TEntity entity, int revision)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        AuditTrailRestorer.RestoreAsync(context, entity, revision, async: false, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="RestoreRevision{TEntity}(DbContext, TEntity, int)"/>
    /// <typeparam name="TEntity">An audit-trail entity type.</typeparam>
    /// <param name="context">The context.</param>
    /// <param name="entity">The current revision of the entity.</param>
    /// <param name="revision">The revision whose values to bring back, from 1.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    /// <returns>A task that completes when the values are copied.</returns>
    public static Task RestoreRevisionAsync<TEntity>(this DbContext context, TEntity entity, int revision, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        return AuditTrailRestorer.RestoreAsync(context, entity, revision, async: true, cancellationToken);
    }

    #endregion

    private static VersioningContextState StateOf(DbContext context)
        => ((IInfrastructure<IServiceProvider>)context).Instance.GetService(typeof(VersioningContextState)) as VersioningContextState
            ?? throw new InvalidOperationException(VersioningStrings.VersioningNotEnabled(TypeDisplayNames.Of(context.GetType())));
}
