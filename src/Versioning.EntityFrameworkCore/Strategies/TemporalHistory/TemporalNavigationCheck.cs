using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Refuses a temporal query other than <c>TemporalAsOf</c> (<c>TemporalAll</c>, <c>TemporalBetween</c>…) that navigates
/// to an entity type with temporal history, through <c>Include</c> or a navigation in the query: it returns several
/// versions of each row, and which version of a related row belongs to which is not defined (EF would join the related
/// type's current rows, mixing the past with the present without saying so). As-of queries navigate as of their time
/// (<see cref="TemporalNavigationExpansion"/>), unless the two types keep their periods in different CLR types.
/// Navigations to entity types without history are answered with their current rows, which is what they have.
/// </summary>
internal sealed class TemporalNavigationCheck : IQueryCheck
{
    private static readonly MethodInfo IncludeByName = typeof(EntityFrameworkQueryableExtensions).GetMethods()
        .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.Include) && m.GetParameters()[1].ParameterType == typeof(string));

    public void Check(Expression query, IModel model)
    {
        var finder = new Finder(model);
        finder.Visit(query);
        if (finder.TemporalRoot is not { } root || finder.TemporalTargets is not { } targets)
        {
            return;
        }

        foreach (var (navigation, target) in targets)
        {
            if (finder.AllAsOf is not { } asOf)
            {
                throw new InvalidOperationException(VersioningStrings.TemporalNavigation(root.DisplayName(), navigation, target.DisplayName()));
            }

            if (TemporalNavigationExpansion.AsOfTarget(target, asOf) == null)
            {
                throw new InvalidOperationException(VersioningStrings.TemporalNavigationPeriodTypes(root.DisplayName(), navigation, target.DisplayName()));
            }
        }
    }

    private sealed class Finder(IModel model) : ExpressionVisitor
    {
        private bool _onlyAsOf = true;

        public IEntityType? TemporalRoot { get; private set; }

        /// <summary>The plan of the query's temporal roots when they are all as-of roots (of one CLR type of period).</summary>
        public TemporalHistoryPlan? AllAsOf => _onlyAsOf ? _asOf : null;

        public List<(string Navigation, IEntityType EntityType)>? TemporalTargets { get; private set; }

        private TemporalHistoryPlan? _asOf;

        protected override Expression VisitExtension(Expression node)
        {
            if (EFCoreInternals.FromSqlRoot(node) is var (entityType, sql)
                && TemporalHistoryPlan.Of(entityType) is { } temporal
                && TemporalQuerySql.IsTemporal(temporal, sql))
            {
                TemporalRoot ??= entityType;
                if (node is EntityQueryRootExpression root && TemporalNavigationExpansion.AsOfPlan(root) is { } plan
                    && (_asOf == null || _asOf.ValidFrom.Property.ClrType == plan.ValidFrom.Property.ClrType))
                {
                    _asOf ??= plan;
                }
                else
                {
                    _onlyAsOf = false;
                }
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
                (TemporalTargets ??= []).Add((source.DisplayName() + "." + name, target));
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
    }
}
