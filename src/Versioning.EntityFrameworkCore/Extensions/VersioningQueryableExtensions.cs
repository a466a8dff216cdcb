using System.Linq.Expressions;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Query operators of the Versioning strategies.
/// </summary>
public static class VersioningQueryableExtensions
{
    #region Soft delete

    /// <summary>
    /// Lifts the soft-delete filter for this query: deleted rows are returned too. Only Versioning's named filter
    /// <see cref="VersioningQueryFilters.SoftDelete"/> is lifted; the application's other query filters stay in place.
    /// Applies to the whole query, including <c>Include</c>d navigations.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="source">The query.</param>
    /// <returns>The query with deleted rows.</returns>
    public static IQueryable<TEntity> IncludeDeleted<TEntity>(this IQueryable<TEntity> source)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.IgnoreQueryFilters([VersioningQueryFilters.SoftDelete]);
    }

    /// <summary>
    /// Returns only deleted rows (of the queried, soft-deletable entity type). Like <see cref="IncludeDeleted{TEntity}"/>
    /// it leaves the application's other query filters in place; included navigations show deleted rows too.
    /// </summary>
    /// <typeparam name="TEntity">The entity type; it must be soft-deletable.</typeparam>
    /// <param name="source">The query.</param>
    /// <returns>The query restricted to deleted rows.</returns>
    public static IQueryable<TEntity> OnlyDeleted<TEntity>(this IQueryable<TEntity> source)
        where TEntity : class
        => source.IncludeDeleted().Where(e => EF.Property<bool>(e, SoftDeletePropertyNames.IsDeleted));

    /// <summary>
    /// Hard-deletes the rows of the query with one <c>DELETE</c> statement, bypassing soft delete (a plain
    /// <c>ExecuteDelete</c> on a soft-deletable set flags the rows instead). The soft-delete filter still applies: combine
    /// with <see cref="IncludeDeleted{TEntity}"/> to remove deleted rows. The context must use Versioning
    /// (<c>UseVersioning()</c>), whose query compiler recognises the request.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="source">The query.</param>
    /// <returns>The number of rows deleted.</returns>
    public static int ExecuteHardDelete<TEntity>(this IQueryable<TEntity> source)
        where TEntity : class
        => HardDeleteMarked(source).ExecuteDelete();

    /// <inheritdoc cref="ExecuteHardDelete{TEntity}(IQueryable{TEntity})"/>
    /// <param name="source">The query.</param>
    /// <param name="cancellationToken">A token to cancel the statement.</param>
    public static Task<int> ExecuteHardDeleteAsync<TEntity>(this IQueryable<TEntity> source, CancellationToken cancellationToken = default)
        where TEntity : class
        => HardDeleteMarked(source).ExecuteDeleteAsync(cancellationToken);

    // The caller's explicit choice travels in the query tree as a marker call that the query compiler strips before EF
    // sees it (BulkStatement): no state outside the query, and the compiled-query cache keys hard and soft deletes apart.
    private static IQueryable<TEntity> HardDeleteMarked<TEntity>(IQueryable<TEntity> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Provider.CreateQuery<TEntity>(
            Expression.Call(HardDeleteMarker.Method.MakeGenericMethod(typeof(TEntity)), source.Expression));
    }

    #endregion

    #region Activity log

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

    #endregion
}
