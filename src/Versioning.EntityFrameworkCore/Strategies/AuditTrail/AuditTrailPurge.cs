using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
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
            (r, d) => Expression.Equal(Family(r, audit), Family(d, audit)),
            r => Expression.Equal(PurgeQueries.Property(r, audit.IsCurrent.Name, audit.IsCurrent.ClrType), Expression.Constant(false, audit.IsCurrent.ClrType)));
        return PurgeQueries.DeleteAsync(pastOfDueFamilies, async, cancellationToken);
    }

    // COALESCE(RootId, key): the key of the family's first revision.
    private static Expression Family(Expression row, AuditTrailPlan audit)
    {
        IProperty rootId = audit.RootId, key = audit.Key;
        var root = PurgeQueries.Property(row, rootId.Name, rootId.ClrType);
        var own = Expression.Convert(PurgeQueries.Property(row, key.Name, key.ClrType), rootId.ClrType);
        return Expression.Coalesce(root, own);
    }
}
