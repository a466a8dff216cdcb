using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// As-of object graphs: when EF expands a navigation (<c>Include</c>, a navigation in a projection or a filter) from an
/// as-of root (<c>TemporalAsOf(t)</c>) to an entity type with temporal history, the related rows come from that type's
/// as-of query with the same time, not from its current table, so the graph is the one that existed at <c>t</c>: rows
/// deleted since are there, rows added later are not. Navigations to types without history, and from any other root,
/// are expanded as EF does (current rows); <see cref="TemporalNavigationCheck"/> refuses the temporal navigations of the
/// other temporal queries before EF gets here.
/// </summary>
/// <remarks>
/// EF's own hook for this (EF SQL Server propagates its temporal roots the same way): navigation expansion asks this
/// service for the root of each entity type it joins, with the root of the query it expands from.
/// </remarks>
internal sealed class TemporalNavigationExpansion(NavigationExpansionExtensibilityHelperDependencies dependencies, ISqlGenerationHelper sqlGenerationHelper)
    : NavigationExpansionExtensibilityHelper(dependencies)
{
    public override EntityQueryRootExpression CreateQueryRoot(IEntityType entityType, EntityQueryRootExpression? source)
        => source != null && AsOfPlan(source) is { } sourcePlan && AsOfTarget(entityType, sourcePlan) is { } targetPlan
            ? EFCoreInternals.FromSqlRootLike(source, entityType, TemporalQuerySql.GetAsOf(targetPlan, entityType, sqlGenerationHelper))
            : base.CreateQueryRoot(entityType, source);

    /// <summary>The temporal plan of <paramref name="root"/> when it is an as-of query root Versioning built.</summary>
    internal static TemporalHistoryPlan? AsOfPlan(EntityQueryRootExpression root)
        => EFCoreInternals.FromSqlRoot(root) is var (entityType, sql)
            && TemporalHistoryPlan.Of(entityType) is { } plan
            && TemporalQuerySql.IsAsOf(plan, sql)
                ? plan
                : null;

    /// <summary>
    /// The temporal plan of <paramref name="target"/> when an as-of root of <paramref name="source"/>'s type can be carried
    /// over to it: it keeps history, with the same CLR type of period (the time is one argument of both queries).
    /// </summary>
    internal static TemporalHistoryPlan? AsOfTarget(IEntityType target, TemporalHistoryPlan source)
        => TemporalHistoryPlan.Of(target) is { } plan && plan.ValidFrom.Property.ClrType == source.ValidFrom.Property.ClrType ? plan : null;
}
