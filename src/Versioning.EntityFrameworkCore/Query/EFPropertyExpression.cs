using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// <c>EF.Property&lt;T&gt;(instance, name)</c> in a LINQ expression built at run time: it reads shadow properties, CLR
/// properties and property-bag values alike.
/// </summary>
internal static class EFPropertyExpression
{
    private static readonly MethodInfo Method = typeof(EF).GetMethod(nameof(EF.Property))!;

    public static MethodCallExpression Of(Expression instance, string name, Type type)
        => Expression.Call(Method.MakeGenericMethod(type), instance, Expression.Constant(name));

    public static MethodCallExpression Of(Expression instance, IReadOnlyPropertyBase property)
        => Of(instance, property.Name, property.ClrType);
}
