using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// When soft delete purges temporal rows, their history goes with them: the values of a row whose retention ended are
/// not kept in its history table either (an application that keeps deleted templates 30 days wants them gone after that, history included).
/// The history of other keys stays, including that of rows deleted for good by an ordinary delete.
/// </summary>
internal sealed class TemporalHistoryPurge : IPurgeParticipant
{
    public Task<int> PurgeAsync(DbContext context, EntitySavePlan plan, IQueryable due, bool async, CancellationToken cancellationToken)
    {
        if (plan.Find<TemporalHistoryPlan>() is not { } temporal)
        {
            return Task.FromResult(0);
        }

        var history = context.Set<Dictionary<string, object>>(temporal.History.Name);
        var keys = temporal.Key.Properties;
        var ofDueRows = PurgeQueries.WhereMatching(
            history,
            due,
            (h, d) => keys
                .Select(k => (Expression)Expression.Equal(EFPropertyExpression.Of(h, k), EFPropertyExpression.Of(d, k)))
                .Aggregate(Expression.AndAlso));
        return PurgeQueries.DeleteAsync(ofDueRows, async, cancellationToken);
    }
}
