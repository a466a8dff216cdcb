using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// When soft delete purges audit-trail rows (current revisions deleted long enough ago), their families go with them:
/// the past revisions hold the same entity's earlier values. Other families stay.
/// </summary>
internal sealed class AuditTrailPurge : IPurgeParticipant
{
    public Task<int> PurgeAsync(DbContext context, EntitySavePlan plan, IQueryable due, bool async, CancellationToken cancellationToken)
    {
        if (plan.Find<AuditTrailPlan>() is not { } audit)
        {
            return Task.FromResult(0);
        }

        var revisions = PurgeQueries.AllRows(context, plan.EntityType);
        var pastOfDueFamilies = PurgeQueries.WhereMatching(
            revisions,
            due,
            (r, d) => Expression.Equal(AuditTrailQueries.FamilyOf(r, audit), AuditTrailQueries.FamilyOf(d, audit)),
            r => Expression.Equal(EFPropertyExpression.Of(r, audit.IsCurrent), Expression.Constant(false, audit.IsCurrent.ClrType)));
        return PurgeQueries.DeleteAsync(pastOfDueFamilies, async, cancellationToken);
    }
}
