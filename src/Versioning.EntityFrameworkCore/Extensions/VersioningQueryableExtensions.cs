using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata.Internal;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query.Internal;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Query operators of the Versioning strategies.
/// </summary>
public static class VersioningQueryableExtensions
{
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
