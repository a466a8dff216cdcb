using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Puts the values a tracked temporal entity had at a past time back into it, so that the next SaveChanges writes them
/// as a new version (the history is never rewritten: the values being replaced get their history row as usual).
/// Key, period, version, concurrency tokens and values the database generates or that are fixed after insert (such as
/// <c>CreatedAt</c>) are not restored.
/// </summary>
internal static class TemporalRestorer
{
    private static readonly MethodInfo LoadMethod = typeof(TemporalRestorer).GetMethod(nameof(LoadAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static async Task RestoreAsync(DbContext context, object entity, DateTime utcPointInTime, bool async, CancellationToken cancellationToken)
    {
        var entry = context.Entry(entity);
        if (entry.State == EntityState.Detached)
        {
            throw new InvalidOperationException(VersioningStrings.RestoreAsOfNotTracked(entry.Metadata.DisplayName()));
        }

        var plan = TemporalHistoryPlan.Of(entry.Metadata)
            ?? throw new InvalidOperationException(
                VersioningStrings.StrategyNotConfigured(entry.Metadata.DisplayName(), TemporalHistoryStrategy.DisplayName));

        var keyValues = plan.Key.Properties.Select(p => entry.Property(p).CurrentValue!).ToArray();
        var restored = entry.Metadata.GetProperties().Where(IsRestored).ToList();
        var complex = entry.Metadata.GetComplexProperties().Where(ComplexMembers.IsStoredInColumns).ToList();
        var load = (Task<object?[]?>)LoadMethod.MakeGenericMethod(entry.Metadata.ClrType)
            .Invoke(null, [context, plan, restored, complex, keyValues, utcPointInTime, async, cancellationToken])!;
        var values = await load.ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                VersioningStrings.RestoreAsOfNoState(entry.Metadata.DisplayName(), "(" + string.Join(", ", keyValues) + ")", utcPointInTime));

        for (var i = 0; i < restored.Count; i++)
        {
            entry.Property(restored[i]).CurrentValue = values[i];
        }

        // A complex property's value is restored whole (a new instance read from the history).
        for (var i = 0; i < complex.Count; i++)
        {
            entry.ComplexProperty(complex[i]).CurrentValue = values[restored.Count + i];
        }
    }

    // A [Redacted] value is not in the history (only its mask), so the current one stays.
    private static bool IsRestored(IProperty property)
        => !property.IsPrimaryKey()
            && !property.IsRedacted()
            && property.Name is not (TemporalPropertyNames.ValidFrom or TemporalPropertyNames.Version or TemporalPropertyNames.ChangedBy)
            && !property.IsConcurrencyToken
            && property.GetAfterSaveBehavior() == PropertySaveBehavior.Save
            && (property.ValueGenerated & ValueGenerated.OnUpdate) == 0;

    private static async Task<object?[]?> LoadAsync<TEntity>(
        DbContext context, TemporalHistoryPlan plan, IReadOnlyList<IProperty> properties, IReadOnlyList<IComplexProperty> complex, object[] keyValues,
        DateTime utcPointInTime, bool async, CancellationToken cancellationToken)
        where TEntity : class
    {
        var query = context.Set<TEntity>().TemporalAsOf(utcPointInTime)
            .Where(TemporalExpressions.KeyEquals<TEntity>(plan.Key.Properties, keyValues))
            .Select(ValuesSelector<TEntity>(properties, complex));
        return async ? await query.FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) : query.FirstOrDefault();
    }

    private static Expression<Func<TEntity, object?[]>> ValuesSelector<TEntity>(
        IReadOnlyList<IProperty> properties, IReadOnlyList<IComplexProperty> complex)
    {
        var entity = Expression.Parameter(typeof(TEntity), "e");
        var body = Expression.NewArrayInit(
            typeof(object),
            [
                .. properties.Select(p => TemporalExpressions.Boxed(entity, p.Name, p.ClrType)),
                .. complex.Select(c => Expression.Convert(Expression.MakeMemberAccess(entity, c.GetMemberInfo(forMaterialization: false, forSet: false)), typeof(object))),
            ]);
        return Expression.Lambda<Func<TEntity, object?[]>>(body, entity);
    }
}
