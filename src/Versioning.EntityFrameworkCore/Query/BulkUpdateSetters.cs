using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// Reads and extends the setters of an <c>ExecuteUpdate</c> call. EF 10 passes them as an array of
/// <c>Tuple&lt;Delegate, object&gt;</c> (property selector, value); this class builds the same shape with public APIs.
/// </summary>
internal static class BulkUpdateSetters
{
    private static readonly System.Reflection.ConstructorInfo SetterConstructor
        = typeof(Tuple<Delegate, object>).GetConstructor([typeof(Delegate), typeof(object)])!;

    // EF 10's ExecuteUpdate and ExecuteUpdateAsync both build a call to this overload (setters as tuples).
    private static readonly System.Reflection.MethodInfo ExecuteUpdateMethod
        = typeof(EntityFrameworkQueryableExtensions)
            .GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
            .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.ExecuteUpdate)
                && m.GetParameters()[1].ParameterType == typeof(IReadOnlyList<ITuple>));

    /// <summary>Turns <c>ExecuteDelete(source)</c> into <c>ExecuteUpdate(source)</c> without setters yet.</summary>
    public static MethodCallExpression UpdateInsteadOf(MethodCallExpression executeDelete)
        => Expression.Call(
            ExecuteUpdateMethod.MakeGenericMethod(executeDelete.Method.GetGenericArguments()[0]),
            executeDelete.Arguments[0],
            Expression.NewArrayInit(typeof(ITuple)));

    /// <summary>Whether <paramref name="statement"/> is an <c>ExecuteUpdate</c> call (the application's, or a delete made one).</summary>
    public static bool IsUpdate(Expression statement)
        => statement is MethodCallExpression { Method.Name: nameof(EntityFrameworkQueryableExtensions.ExecuteUpdate) };

    /// <summary>
    /// The properties an <c>ExecuteUpdate</c> sets, or <see langword="null"/> when a setter's property cannot be told
    /// (a selector other than a property of the entity or of its complex properties).
    /// </summary>
    public static IReadOnlyList<IProperty>? SetProperties(MethodCallExpression executeUpdate, IEntityType entityType)
    {
        if (executeUpdate.Arguments[1] is not NewArrayExpression setters)
        {
            return null;
        }

        var properties = new List<IProperty>();
        foreach (var setter in setters.Expressions)
        {
            if (setter is not NewExpression { Arguments: [var selector, _] } || FindProperty(selector, entityType) is not { } property)
            {
                return null;
            }

            properties.Add(property);
        }

        return properties;
    }

    /// <summary>
    /// Returns the statement with one more setter computed from the row: <c>EF.Property(e, property) = value(e)</c>.
    /// </summary>
    public static MethodCallExpression AddComputed(MethodCallExpression executeUpdate, IProperty property, LambdaExpression value)
    {
        if (executeUpdate.Arguments[1] is not NewArrayExpression setters)
        {
            return executeUpdate;
        }

        var entity = value.Parameters[0];
        var selector = Expression.Lambda(EFPropertyExpression.Of(EntityOf(executeUpdate, entity, property), property), entity);
        var setter = Expression.New(SetterConstructor, selector, value);
        return executeUpdate.Update(
            executeUpdate.Object,
            [executeUpdate.Arguments[0], Expression.NewArrayInit(typeof(ITuple), [.. setters.Expressions, setter])]);
    }

    /// <summary>Returns the statement over the rows of its source whose <paramref name="property"/> is <paramref name="value"/>.</summary>
    public static MethodCallExpression Where(MethodCallExpression statement, IProperty property, bool value)
        => Where(statement, property, Expression.Constant(value, property.ClrType));

    /// <summary>
    /// Returns the statement over the rows of its source whose <paramref name="property"/> equals <paramref name="value"/>
    /// (an expression of the property's type: a constant, or a field read EF makes a parameter).
    /// </summary>
    public static MethodCallExpression Where(MethodCallExpression statement, IProperty property, Expression value)
    {
        var source = statement.Arguments[0];
        var sourceType = statement.Method.GetGenericArguments()[0];
        var row = Expression.Parameter(sourceType, "row");
        var test = Expression.Lambda(
            Expression.Equal(EFPropertyExpression.Of(EntityOf(statement, row, property), property), value), row);
        var where = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [sourceType], source, Expression.Quote(test));
        return statement.Update(statement.Object, [where, .. statement.Arguments.Skip(1)]);
    }

    /// <summary>Whether the statement's source lifts query filters (all of them, or named ones) anywhere in its chain.</summary>
    public static bool IgnoresQueryFilters(Expression source)
    {
        for (var current = source; current is MethodCallExpression call; current = call.Arguments.Count > 0 ? call.Arguments[0] : null)
        {
            if (call.Method.DeclaringType == typeof(EntityFrameworkQueryableExtensions)
                && call.Method.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the statement already sets the property (then the caller's value wins).</summary>
    public static bool Sets(MethodCallExpression executeUpdate, IProperty property)
        => executeUpdate.Arguments[1] is NewArrayExpression setters
            && setters.Expressions.Any(s => s is NewExpression { Arguments: [var selector, _] } && Selects(selector, property));

    /// <summary>Returns the statement with one more setter: <c>EF.Property(e, property) = value</c>.</summary>
    public static MethodCallExpression Add(MethodCallExpression executeUpdate, IProperty property, Expression value)
    {
        if (executeUpdate.Arguments[1] is not NewArrayExpression setters)
        {
            return executeUpdate;
        }

        var entity = Expression.Parameter(executeUpdate.Method.GetGenericArguments()[0], "e");
        var selector = Expression.Lambda(
            EFPropertyExpression.Of(EntityOf(executeUpdate, entity, property), property),
            entity);
        var setter = Expression.New(
            SetterConstructor, selector, Expression.Convert(Expression.Convert(value, property.ClrType), typeof(object)));

        return executeUpdate.Update(
            executeUpdate.Object,
            [executeUpdate.Arguments[0], Expression.NewArrayInit(typeof(ITuple), [.. setters.Expressions, setter])]);
    }

    /// <summary>
    /// The entity that <paramref name="row"/>, a row of the statement's source, is, or holds: a source that joins other
    /// rows projects the entity beside them (<c>x =&gt; x.Channel</c>), found through the property selectors of the
    /// statement's setters. <paramref name="property"/> is one of the entity type's properties.
    /// </summary>
    public static Expression EntityOf(MethodCallExpression statement, ParameterExpression row, IReadOnlyPropertyBase property)
    {
        var entity = property.DeclaringType.ContainingEntityType.ClrType;
        if (entity.IsAssignableFrom(row.Type) || statement.Arguments.Count < 2 || statement.Arguments[1] is not NewArrayExpression setters)
        {
            return row;
        }

        foreach (var setter in setters.Expressions)
        {
            if (setter is NewExpression { Arguments: [var selector, _] }
                && (selector as LambdaExpression ?? (selector as UnaryExpression)?.Operand as LambdaExpression) is { } lambda)
            {
                for (var body = lambda.Body; body != null; body = Inner(body))
                {
                    if (body != lambda.Parameters[0] && entity.IsAssignableFrom(body.Type))
                    {
                        return new ParameterReplacer(lambda.Parameters[0], row).Visit(body);
                    }
                }
            }
        }

        return row;

        static Expression? Inner(Expression expression) => expression switch
        {
            UnaryExpression { NodeType: ExpressionType.Convert } convert => convert.Operand,
            MemberExpression member => member.Expression,
            MethodCallExpression { Method.Name: nameof(EF.Property), Arguments: [var instance, _] } => instance,
            _ => null,
        };
    }

    private static IProperty? FindProperty(Expression selector, IEntityType entityType)
    {
        var lambda = selector as LambdaExpression ?? (selector as UnaryExpression)?.Operand as LambdaExpression;
        var body = lambda?.Body;
        var path = new Stack<string>();
        while (true)
        {
            while (body is UnaryExpression { NodeType: ExpressionType.Convert } convert)
            {
                body = convert.Operand;
            }

            // The entity itself, or the entity a source that joins other rows projects beside them (x.Channel).
            if (body != null && body != lambda!.Parameters[0] && entityType.ClrType.IsAssignableFrom(body.Type) && path.Count > 0)
            {
                return FindProperty(entityType, path);
            }

            switch (body)
            {
                case MemberExpression { Expression: { } inner } member:
                    path.Push(member.Member.Name);
                    body = inner;
                    continue;
                case MethodCallExpression { Method.Name: nameof(EF.Property), Arguments: [var inner, ConstantExpression { Value: string name }] }:
                    path.Push(name);
                    body = inner;
                    continue;
                case ParameterExpression:
                    return FindProperty(entityType, path);
                default:
                    return null;
            }
        }
    }

    private static IProperty? FindProperty(IEntityType entityType, Stack<string> path)
    {
        ITypeBase type = entityType;
        while (path.Count > 1)
        {
            if (type.FindComplexProperty(path.Pop()) is not { } complex)
            {
                return null;
            }

            type = complex.ComplexType;
        }

        return path.Count == 1 ? type.FindProperty(path.Pop()) : null;
    }

    private static bool Selects(Expression selector, IProperty property)
    {
        var body = (selector as LambdaExpression ?? (selector as UnaryExpression)?.Operand as LambdaExpression)?.Body;
        while (body is UnaryExpression { NodeType: ExpressionType.Convert } convert)
        {
            body = convert.Operand;
        }

        return body switch
        {
            MemberExpression member => member.Member.Name == property.Name,
            MethodCallExpression { Method.Name: nameof(EF.Property), Arguments: [_, ConstantExpression { Value: string name }] }
                => name == property.Name,
            _ => false,
        };
    }

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
