using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// Queries of a purge over entity types known only at run time: rows matched to the rows being purged, and the purge's
/// own hard delete (marked, so that every strategy lets it through). Reflection calls do not wrap exceptions, so an
/// error of ours reaches the caller as it was thrown.
/// </summary>
internal static class PurgeQueries
{
    /// <summary>
    /// <c>target.Where(t =&gt; due.Any(d =&gt; match(t, d)))</c>; <paramref name="match"/> builds the condition from the
    /// two row parameters.
    /// </summary>
    public static IQueryable WhereMatching(
        IQueryable target, IQueryable due, Func<ParameterExpression, ParameterExpression, Expression> match, Func<ParameterExpression, Expression>? also = null)
    {
        var t = Expression.Parameter(target.ElementType, "t");
        var d = Expression.Parameter(due.ElementType, "d");
        Expression condition = Expression.Call(
            typeof(Queryable), nameof(Queryable.Any), [due.ElementType], due.Expression, Expression.Quote(Expression.Lambda(match(t, d), d)));
        if (also != null)
        {
            condition = Expression.AndAlso(also(t), condition);
        }

        return target.Provider.CreateQuery(
            Expression.Call(typeof(Queryable), nameof(Queryable.Where), [target.ElementType], target.Expression, Expression.Quote(Expression.Lambda(condition, t))));
    }

    private static readonly MethodInfo AllRowsMethod = typeof(PurgeQueries).GetMethod(nameof(AllRowsOf), BindingFlags.Static | BindingFlags.NonPublic)!;

    /// <summary>Every row of the entity type's table, whatever the query filters (past revisions, deleted rows).</summary>
    public static IQueryable AllRows(DbContext context, Microsoft.EntityFrameworkCore.Metadata.IEntityType entityType)
        => (IQueryable)AllRowsMethod.MakeGenericMethod(entityType.ClrType)
            .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [context, entityType], null)!;

    private static IQueryable<TEntity> AllRowsOf<TEntity>(DbContext context, Microsoft.EntityFrameworkCore.Metadata.IEntityType entityType)
        where TEntity : class
        => (entityType.HasSharedClrType ? context.Set<TEntity>(entityType.Name) : context.Set<TEntity>()).IgnoreQueryFilters();

    /// <summary>Hard-deletes the rows <paramref name="source"/> selects, as a purge (every strategy lets it through).</summary>
    public static async Task<int> DeleteAsync(IQueryable source, bool async, CancellationToken cancellationToken)
    {
        var marked = source.Provider.CreateQuery(
            Expression.Call(HardDeleteMarker.PurgeMethod.MakeGenericMethod(source.ElementType), source.Expression));
        var method = typeof(EntityFrameworkQueryableExtensions)
            .GetMethod(async ? nameof(EntityFrameworkQueryableExtensions.ExecuteDeleteAsync) : nameof(EntityFrameworkQueryableExtensions.ExecuteDelete))!
            .MakeGenericMethod(source.ElementType);
        var result = method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, async ? [marked, cancellationToken] : [marked], null);
        return async ? await ((Task<int>)result!).ConfigureAwait(false) : (int)result!;
    }
}
