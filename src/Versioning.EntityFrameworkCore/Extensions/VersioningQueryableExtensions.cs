using System.Linq.Expressions;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Query.Internal;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Versioning query operators.
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
}
