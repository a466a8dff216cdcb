using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Starts a temporal query on a set: EF's FromSql root over <see cref="TemporalQuerySql"/>, no-tracking (the same
/// key appears once per version, and past versions must never be saved back as if current).
/// </summary>
internal static class TemporalQueryFactory
{
    public static IQueryable<TEntity> Create<TEntity>(DbSet<TEntity> set, TemporalPeriodFilter filter)
        where TEntity : class
    {
        var plan = PlanOf(set);
        var sql = TemporalQuerySql.Get(plan, set, filter);

        // Pass only what the SQL uses (every argument is bound on every execution): an as-of query has one time, referenced
        // by both branches. Their CLR type is the same on every execution, which lets TemporalQuerySqlProcessor keep the
        // SQL in EF's command cache.
        object[] parameters = filter.Kind switch
        {
            TemporalPeriodKind.All => [],
            TemporalPeriodKind.AsOf => [plan.ValidFrom.ToClrValue(filter.From)],
            _ => [plan.ValidFrom.ToClrValue(filter.From), plan.ValidFrom.ToClrValue(filter.To)],
        };
        var query = set.FromSqlRaw(sql, parameters).AsNoTracking();
        return PreparesTemporalQueries(set) ? query.TagWith(TemporalQueryPreparation.Tag) : query;
    }

    private static bool PreparesTemporalQueries<TEntity>(DbSet<TEntity> set)
        where TEntity : class
        => set.GetService<IDbContextOptions>().FindExtension<VersioningOptionsExtension>()?.PrepareTemporalQueries ?? false;

    public static TemporalHistoryPlan PlanOf<TEntity>(DbSet<TEntity> set)
        where TEntity : class
    {
        var entityType = set.EntityType;
        return TemporalHistoryPlan.Of(entityType)
            ?? throw new InvalidOperationException(
                VersioningStrings.StrategyNotConfigured(entityType.DisplayName(), TemporalHistoryStrategy.DisplayName));
    }

    public static DateTime Utc(DateTime time, string parameterName)
        => time.Kind == DateTimeKind.Utc
            ? time
            : throw new ArgumentException(VersioningStrings.TemporalTimeNotUtc(parameterName, time.Kind), parameterName);
}
