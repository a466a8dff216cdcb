using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// Builds the queries of restore and purge for an entity type known only at run time. Values travel in
/// <see cref="StrongBox{T}"/>es, which EF reads as closure members: they become parameters and the SQL is cached.
/// </summary>
internal static class SoftDeleteQueries
{
    private static readonly MethodInfo SetMethod = typeof(SoftDeleteQueries).GetMethod(nameof(Set), BindingFlags.Static | BindingFlags.NonPublic)!;

    /// <summary>The rows of the entity type, deleted ones included (other named filters stay).</summary>
    public static IQueryable IncludingDeleted(DbContext context, IEntityType entityType)
        => (IQueryable)SetMethod.MakeGenericMethod(entityType.ClrType).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [context, entityType], null)!;

    /// <summary><c>source.Where(e =&gt; property1 == value1 &amp;&amp; ...)</c>, comparing with SQL null semantics handled by EF.</summary>
    public static IQueryable WhereEqual(IQueryable source, IReadOnlyList<(IProperty Property, object? Value)> conditions)
        => Where(source, e => conditions
            .Select(c => (Expression)Expression.Equal(Property(e, c.Property), Parameter(c.Property.ClrType, c.Value)))
            .Aggregate(Expression.AndAlso));

    /// <summary><c>source.Where(e =&gt; property &lt;= value)</c>.</summary>
    public static IQueryable WhereAtOrBefore(IQueryable source, IProperty property, object value)
        => Where(source, e => Expression.LessThanOrEqual(Property(e, property), Parameter(property.ClrType, value)));

    private static IQueryable<TEntity> Set<TEntity>(DbContext context, IEntityType entityType)
        where TEntity : class
        => (entityType.HasSharedClrType ? context.Set<TEntity>(entityType.Name) : context.Set<TEntity>()).IncludeDeleted();

    private static IQueryable Where(IQueryable source, Func<ParameterExpression, Expression> body)
    {
        var entity = Expression.Parameter(source.ElementType, "e");
        var predicate = Expression.Lambda(body(entity), entity);
        return source.Provider.CreateQuery(
            Expression.Call(typeof(Queryable), nameof(Queryable.Where), [source.ElementType], source.Expression, Expression.Quote(predicate)));
    }

    private static Expression Property(ParameterExpression entity, IProperty property)
        => EFPropertyExpression.Of(entity, property);

    private static Expression Parameter(Type type, object? value)
    {
        var box = Activator.CreateInstance(typeof(StrongBox<>).MakeGenericType(type), value)!;
        return Expression.Field(Expression.Constant(box), nameof(StrongBox<object>.Value));
    }
}
