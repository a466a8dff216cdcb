using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Refuses a temporal query (<c>TemporalAsOf</c>, <c>TemporalAll</c>…) that navigates to an entity type with temporal
/// history, through <c>Include</c> or a navigation in the query: the temporal root is SQL over the entity's own two
/// tables, so EF would join the related entity's <em>current</em> table, and the graph would mix the past with the
/// present without saying so. Navigations to entity types without history are answered with their current rows, which
/// is what they have.
/// </summary>
internal sealed class TemporalNavigationCheck : IQueryCheck
{
    private static readonly MethodInfo IncludeByName = typeof(EntityFrameworkQueryableExtensions).GetMethods()
        .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.Include) && m.GetParameters()[1].ParameterType == typeof(string));

    public void Check(Expression query, IModel model)
    {
        var finder = new Finder(model);
        finder.Visit(query);
        if (finder.TemporalRoot is { } root && finder.TemporalTarget is { } target)
        {
            throw new InvalidOperationException(VersioningStrings.TemporalNavigation(root.DisplayName(), target.Navigation, target.EntityType.DisplayName()));
        }
    }

    private sealed class Finder(IModel model) : ExpressionVisitor
    {
        public IEntityType? TemporalRoot { get; private set; }

        public (string Navigation, IEntityType EntityType)? TemporalTarget { get; private set; }

        protected override Expression VisitExtension(Expression node)
        {
            if (EFCoreInternals.FromSqlRoot(node) is var (entityType, sql) && IsTemporalQuery(entityType, sql))
            {
                TemporalRoot ??= entityType;
            }

            return base.VisitExtension(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression != null && FindEntityType(node.Expression.Type) is { } source)
            {
                Record(source, node.Member.Name);
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.IsGenericMethod
                && node.Method.GetGenericMethodDefinition() == IncludeByName
                && node.Arguments[1] is ConstantExpression { Value: string path }
                && FindEntityType(node.Method.GetGenericArguments()[0]) is { } entityType)
            {
                var current = entityType;
                foreach (var name in path.Split('.'))
                {
                    current = current == null ? null : Record(current, name);
                }
            }

            return base.VisitMethodCall(node);
        }

        /// <summary>Records the navigation <paramref name="name"/> of <paramref name="source"/> when it leads to a temporal type; returns its target.</summary>
        private IEntityType? Record(IEntityType source, string name)
        {
            var target = (IEntityType?)source.FindNavigation(name)?.TargetEntityType ?? source.FindSkipNavigation(name)?.TargetEntityType;
            if (target != null && target.IsTemporal())
            {
                TemporalTarget ??= (source.DisplayName() + "." + name, target);
            }

            return target;
        }

        private IEntityType? FindEntityType(Type type)
        {
            var element = type.IsGenericType && type.GetGenericArguments() is [var argument] && typeof(IEnumerable<>).MakeGenericType(argument).IsAssignableFrom(type)
                ? argument
                : type;
            return model.FindEntityType(element);
        }

        // The SQL instance TemporalQuerySql built for the entity type (the factory passes it as is), never a look-alike text.
        private bool IsTemporalQuery(IEntityType entityType, string sql)
            => VersioningSavePlan.For(model).Find(entityType)?.Find<TemporalHistoryPlan>() is { } plan
                && plan.QuerySql.Any(built => ReferenceEquals(built, sql));
    }
}
