using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Reads every version of one entity for <c>History(key)</c>: the entities with their version and start from the
/// temporal query (so EF materializes them, with their authors), and the ends and deleters from the history table; two
/// indexed queries.
/// </summary>
internal static class TemporalHistoryReader
{
    public static async Task<IReadOnlyList<TemporalRow<TEntity>>> ReadAsync<TEntity>(
        DbSet<TEntity> set, object[] keyValues, bool async, CancellationToken cancellationToken)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(keyValues);
        var plan = TemporalQueryFactory.PlanOf(set);
        var keyProperties = plan.Key.Properties;
        if (keyValues.Length != keyProperties.Count)
        {
            throw new ArgumentException(
                VersioningStrings.TemporalKeyCount(set.EntityType.DisplayName(), keyProperties.Count, keyValues.Length), nameof(keyValues));
        }

        var versions = TemporalQueryFactory.Create(set, TemporalPeriodFilter.All)
            .Where(TemporalExpressions.KeyEquals<TEntity>(keyProperties, keyValues))
            .Select(VersionSelector<TEntity>(plan));

        var context = set.GetService<ICurrentDbContext>().Context;
        var ends = context.Set<Dictionary<string, object>>(plan.History.Name)
            .AsNoTracking()
            .Where(TemporalExpressions.KeyEquals<Dictionary<string, object>>([.. keyProperties.Select(p => plan.History.GetProperty(p.Name))], keyValues))
            .Select(EndSelector(plan));

        var versionList = async ? await versions.ToListAsync(cancellationToken) : versions.ToList();
        var endList = async ? await ends.ToListAsync(cancellationToken) : ends.ToList();
        var endsByVersion = endList.ToDictionary(e => e.Version);

        return
        [
            .. versionList
                .OrderByDescending(v => v.Version)
                .Select(v => endsByVersion.TryGetValue(v.Version, out var end)
                    ? new TemporalRow<TEntity>(v.Entity, v.Version, ToUtc(v.ValidFrom), ToUtc(end.ValidTo), v.ChangedBy, end.RemovedBy)
                    : new TemporalRow<TEntity>(v.Entity, v.Version, ToUtc(v.ValidFrom), null, v.ChangedBy, null)),
        ];
    }

    private static DateTime ToUtc(object? value) => TimestampProperty.ToUtc(value) ?? default;

    private static Expression<Func<TEntity, VersionOf<TEntity>>> VersionSelector<TEntity>(TemporalHistoryPlan plan)
        where TEntity : class
    {
        var entity = Expression.Parameter(typeof(TEntity), "e");
        var body = Expression.New(
            typeof(VersionOf<TEntity>).GetConstructors()[0],
            entity,
            TemporalExpressions.Property(entity, TemporalPropertyNames.Version, typeof(int)),
            TemporalExpressions.Boxed(entity, TemporalPropertyNames.ValidFrom, plan.ValidFrom.Property.ClrType),
            TemporalExpressions.Property(entity, TemporalPropertyNames.ChangedBy, typeof(string)));
        return Expression.Lambda<Func<TEntity, VersionOf<TEntity>>>(body, entity);
    }

    private static Expression<Func<Dictionary<string, object>, PeriodEnd>> EndSelector(TemporalHistoryPlan plan)
    {
        var row = Expression.Parameter(typeof(Dictionary<string, object>), "h");
        var body = Expression.New(
            typeof(PeriodEnd).GetConstructors()[0],
            TemporalExpressions.Property(row, TemporalPropertyNames.Version, typeof(int)),
            TemporalExpressions.Boxed(row, TemporalPropertyNames.ValidTo, plan.ValidFrom.Property.ClrType),
            TemporalExpressions.Property(row, TemporalPropertyNames.RemovedBy, typeof(string)));
        return Expression.Lambda<Func<Dictionary<string, object>, PeriodEnd>>(body, row);
    }

    private sealed class VersionOf<TEntity>(TEntity entity, int version, object validFrom, string? changedBy)
    {
        public TEntity Entity { get; } = entity;

        public int Version { get; } = version;

        public object ValidFrom { get; } = validFrom;

        public string? ChangedBy { get; } = changedBy;
    }

    private sealed class PeriodEnd(int version, object validTo, string? removedBy)
    {
        public int Version { get; } = version;

        public object ValidTo { get; } = validTo;

        public string? RemovedBy { get; } = removedBy;
    }
}
