using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Queries over the Versioning history of a set.
/// </summary>
public static class VersioningDbSetExtensions
{
    #region Temporal history

    /// <summary>
    /// Returns the rows as they were at <paramref name="utcPointInTime"/>: for each key, the row whose period contains
    /// it (<c>ValidFrom &lt;= t AND ValidTo &gt; t</c>), current or past. Like EF Core's SQL Server <c>TemporalAsOf</c>:
    /// no-tracking, composable with further LINQ.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="utcPointInTime">The point in time, in UTC.</param>
    /// <returns>A no-tracking query of the entity type.</returns>
    /// <exception cref="ArgumentException"><paramref name="utcPointInTime"/> is not UTC.</exception>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public static IQueryable<TEntity> TemporalAsOf<TEntity>(this DbSet<TEntity> source, DateTime utcPointInTime)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return TemporalQueryFactory.Create(source, TemporalPeriodFilter.AsOf(TemporalQueryFactory.Utc(utcPointInTime, nameof(utcPointInTime))));
    }

    /// <summary>
    /// Returns every row, current and past (one per version). Like EF Core's SQL Server <c>TemporalAll</c>:
    /// no-tracking, composable with further LINQ.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <returns>A no-tracking query of the entity type.</returns>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public static IQueryable<TEntity> TemporalAll<TEntity>(this DbSet<TEntity> source)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return TemporalQueryFactory.Create(source, TemporalPeriodFilter.All);
    }

    /// <summary>
    /// Returns the rows valid at some point in [<paramref name="utcFrom"/>, <paramref name="utcTo"/>), end excluded:
    /// <c>ValidFrom &lt; to AND ValidTo &gt; from</c>. Like EF Core's SQL Server <c>TemporalFromTo</c>.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="utcFrom">The start, in UTC.</param>
    /// <param name="utcTo">The end, in UTC.</param>
    /// <returns>A no-tracking query of the entity type.</returns>
    /// <exception cref="ArgumentException">A time is not UTC, or the start is after the end.</exception>
    public static IQueryable<TEntity> TemporalFromTo<TEntity>(this DbSet<TEntity> source, DateTime utcFrom, DateTime utcTo)
        where TEntity : class
        => Range(source, TemporalPeriodKind.FromTo, utcFrom, utcTo);

    /// <summary>
    /// Returns the rows valid at some point in [<paramref name="utcFrom"/>, <paramref name="utcTo"/>], end included:
    /// <c>ValidFrom &lt;= to AND ValidTo &gt; from</c>. Like EF Core's SQL Server <c>TemporalBetween</c>.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="utcFrom">The start, in UTC.</param>
    /// <param name="utcTo">The end, in UTC.</param>
    /// <returns>A no-tracking query of the entity type.</returns>
    /// <exception cref="ArgumentException">A time is not UTC, or the start is after the end.</exception>
    public static IQueryable<TEntity> TemporalBetween<TEntity>(this DbSet<TEntity> source, DateTime utcFrom, DateTime utcTo)
        where TEntity : class
        => Range(source, TemporalPeriodKind.Between, utcFrom, utcTo);

    /// <summary>
    /// Returns the rows whose whole period lies in [<paramref name="utcFrom"/>, <paramref name="utcTo"/>]:
    /// <c>ValidFrom &gt;= from AND ValidTo &lt;= to</c>. Current rows never end, so they are returned only when
    /// <paramref name="utcTo"/> is <see cref="DateTime.MaxValue"/>. Like EF Core's SQL Server <c>TemporalContainedIn</c>.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="utcFrom">The start, in UTC.</param>
    /// <param name="utcTo">The end, in UTC.</param>
    /// <returns>A no-tracking query of the entity type.</returns>
    /// <exception cref="ArgumentException">A time is not UTC, or the start is after the end.</exception>
    public static IQueryable<TEntity> TemporalContainedIn<TEntity>(this DbSet<TEntity> source, DateTime utcFrom, DateTime utcTo)
        where TEntity : class
        => Range(source, TemporalPeriodKind.ContainedIn, utcFrom, utcTo);

    /// <summary>
    /// Returns every version of the entity with the given key, newest first, each with its period, version and who
    /// ended it. Includes the version a delete closed; the current version (if any) comes first with no end.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="keyValues">The key of the entity (its parts in key order, as for <c>Find</c>).</param>
    /// <returns>The versions, newest first; empty when the key never existed.</returns>
    public static IReadOnlyList<TemporalRow<TEntity>> History<TEntity>(this DbSet<TEntity> source, params object[] keyValues)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return TemporalHistoryReader.ReadAsync(source, keyValues, async: false, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="History{TEntity}(DbSet{TEntity}, object[])"/>
    /// <param name="source">The set.</param>
    /// <param name="keyValues">The key of the entity (its parts in key order, as for <c>Find</c>).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static Task<IReadOnlyList<TemporalRow<TEntity>>> HistoryAsync<TEntity>(
        this DbSet<TEntity> source, object[] keyValues, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return TemporalHistoryReader.ReadAsync(source, keyValues, async: true, cancellationToken);
    }

    private static IQueryable<TEntity> Range<TEntity>(DbSet<TEntity> source, TemporalPeriodKind kind, DateTime utcFrom, DateTime utcTo)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        var from = TemporalQueryFactory.Utc(utcFrom, nameof(utcFrom));
        var to = TemporalQueryFactory.Utc(utcTo, nameof(utcTo));
        if (from > to)
        {
            throw new ArgumentException(VersioningStrings.TemporalRangeReversed(from, to), nameof(utcFrom));
        }

        return TemporalQueryFactory.Create(source, new TemporalPeriodFilter(kind, from, to));
    }

    #endregion

    #region Audit trail

    /// <summary>
    /// Returns every revision of the entity that <paramref name="key"/> identifies — the key of any of its revisions —
    /// newest first (<c>Revision</c> descending), past and soft-deleted revisions included. One SQL statement; compose further
    /// LINQ on it. The rows are tracked, so <c>db.Entry(r).Versioning()</c> reads their shadow bookkeeping (add
    /// <c>AsNoTracking()</c> for read-only lists with CLR properties); saving a change to a past revision is refused.
    /// Empty when no row has that key. Only Versioning's two filters are lifted; the application's other named filters apply.
    /// </summary>
    /// <typeparam name="TEntity">An audit-trail entity type.</typeparam>
    /// <param name="set">The entity set.</param>
    /// <param name="key">The key of any revision of the entity, of the key property's type.</param>
    /// <returns>The revisions, newest first.</returns>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail.</exception>
    public static IOrderedQueryable<TEntity> Revisions<TEntity>(this DbSet<TEntity> set, object key)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(key);
        return AuditTrailQueries.Family(set, key)
            .OrderByDescending(e => EF.Property<int>(e, AuditTrailPropertyNames.Revision));
    }

    /// <summary>
    /// Returns revision <paramref name="revision"/> of the entity that <paramref name="key"/> (the key of any of its
    /// revisions) identifies, tracked, or <see langword="null"/> when the entity has no such revision (or no row
    /// has that key): asking for a revision that does not exist is not an error.
    /// </summary>
    /// <typeparam name="TEntity">An audit-trail entity type.</typeparam>
    /// <param name="set">The entity set.</param>
    /// <param name="key">The key of any revision of the entity.</param>
    /// <param name="revision">The revision number, from 1.</param>
    /// <returns>The revision, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail.</exception>
    public static TEntity? AtRevision<TEntity>(this DbSet<TEntity> set, object key, int revision)
        where TEntity : class
        => RevisionQuery(set, key, revision).FirstOrDefault();

    /// <inheritdoc cref="AtRevision{TEntity}(DbSet{TEntity}, object, int)"/>
    /// <param name="set">The entity set.</param>
    /// <param name="key">The key of any revision of the entity.</param>
    /// <param name="revision">The revision number, from 1.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    public static Task<TEntity?> AtRevisionAsync<TEntity>(this DbSet<TEntity> set, object key, int revision, CancellationToken cancellationToken = default)
        where TEntity : class
        => RevisionQuery(set, key, revision).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Returns the current revision of the entity that <paramref name="key"/> (the key of any of its revisions)
    /// identifies — seed 'getCurrentEntity' — tracked, so that it can be changed and saved as the next revision; or
    /// <see langword="null"/> when no row has that key or the entity is soft-deleted.
    /// </summary>
    /// <typeparam name="TEntity">An audit-trail entity type.</typeparam>
    /// <param name="set">The entity set.</param>
    /// <param name="key">The key of any revision of the entity.</param>
    /// <returns>The current revision, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail.</exception>
    public static TEntity? CurrentRevision<TEntity>(this DbSet<TEntity> set, object key)
        where TEntity : class
        => CurrentQuery(set, key).FirstOrDefault();

    /// <inheritdoc cref="CurrentRevision{TEntity}(DbSet{TEntity}, object)"/>
    /// <param name="set">The entity set.</param>
    /// <param name="key">The key of any revision of the entity.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    public static Task<TEntity?> CurrentRevisionAsync<TEntity>(this DbSet<TEntity> set, object key, CancellationToken cancellationToken = default)
        where TEntity : class
        => CurrentQuery(set, key).FirstOrDefaultAsync(cancellationToken);

    private static IQueryable<TEntity> RevisionQuery<TEntity>(DbSet<TEntity> set, object key, int revision)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(key);
        return AuditTrailQueries.WithRevision(AuditTrailQueries.Family(set, key), set.EntityType, revision);
    }

    private static IQueryable<TEntity> CurrentQuery<TEntity>(DbSet<TEntity> set, object key)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(key);
        return AuditTrailQueries.Family(set, key)
            .Where(e => EF.Property<bool>(e, AuditTrailPropertyNames.IsCurrent) && !EF.Property<bool>(e, SoftDeletePropertyNames.IsDeleted));
    }

    #endregion
}
