using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Builds the LINQ pieces the temporal helpers compose: <c>EF.Property</c> accesses (they work for shadow properties
/// and property bags alike) and key predicates whose values become SQL parameters (one compiled query for every key).
/// </summary>
internal static class TemporalExpressions
{
    public static Expression Property(Expression instance, string name, Type type)
        => EFPropertyExpression.Of(instance, name, type);

    public static Expression Boxed(Expression instance, string name, Type type)
        => Expression.Convert(Property(instance, name, type), typeof(object));

    /// <summary><c>e =&gt; EF.Property(e, k1) == v1 &amp;&amp; ...</c> for the key's properties.</summary>
    public static Expression<Func<T, bool>> KeyEquals<T>(IReadOnlyList<IProperty> keyProperties, object[] keyValues)
        => KeyIn<T>(keyProperties, [keyValues]);

    /// <summary><c>e =&gt; (EF.Property(e, k1) == v1 &amp;&amp; ...) || ...</c>: one of the given keys.</summary>
    public static Expression<Func<T, bool>> KeyIn<T>(IReadOnlyList<IProperty> keyProperties, IReadOnlyList<object[]> keys)
    {
        var entity = Expression.Parameter(typeof(T), "e");
        Expression? any = null;
        foreach (var keyValues in keys)
        {
            Expression? all = null;
            for (var i = 0; i < keyProperties.Count; i++)
            {
                var property = keyProperties[i];
                var holder = new KeyValueHolder(keyValues[i]);
                var value = Expression.Convert(Expression.Field(Expression.Constant(holder), nameof(KeyValueHolder.Value)), property.ClrType);
                var equals = Expression.Equal(Property(entity, property.Name, property.ClrType), value);
                all = all == null ? equals : Expression.AndAlso(all, equals);
            }

            any = any == null ? all : Expression.OrElse(any, all!);
        }

        return Expression.Lambda<Func<T, bool>>(any!, entity);
    }

    /// <summary>A closure for a key value: EF turns a field of a captured object into a parameter.</summary>
    private sealed class KeyValueHolder(object value)
    {
        public readonly object Value = value;
    }
}
