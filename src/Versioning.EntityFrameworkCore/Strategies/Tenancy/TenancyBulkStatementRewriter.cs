using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>
/// Bulk policy of tenancy. The named query filter already restricts <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> to the
/// current tenant's rows; under <c>IgnoreQueryFilters</c> the tenant's predicate is added to the statement (a parameter:
/// compiled once), and with no tenant known the statement is refused. A setter of <c>TenantId</c> is refused (rows never
/// move between tenants). An open tenant bypass, and a purge's own deletes, run as written.
/// </summary>
internal sealed class TenancyBulkStatementRewriter : IBulkStatementRewriter
{
    public int Order => TenancyHandler.Position;

    public Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change)
    {
        if (plan.Find<TenancyPlan>() is not { } tenancy
            || statement.IsPurge
            || current is not MethodCallExpression call
            || change.State?.Of<TenancyContextState>().Bypass != null)
        {
            return current;
        }

        var entityType = statement.EntityType.DisplayName();
        if (statement.IsUpdate && BulkUpdateSetters.Sets(call, tenancy.TenantId))
        {
            throw new InvalidOperationException(VersioningStrings.BulkUpdateSetsTenant(entityType));
        }

        if (!BulkUpdateSetters.IgnoresQueryFilters(call.Arguments[0]))
        {
            return current;
        }

        var tenant = change.TenantId
            ?? throw new InvalidOperationException(VersioningStrings.BulkStatementWithoutTenant(entityType, statement.Name));

        // A field of a fresh object becomes a parameter: compiled once, each execution filters by its own tenant.
        return BulkUpdateSetters.Where(call, tenancy.TenantId, Expression.Field(Expression.Constant(new BulkTenant(tenant)), nameof(BulkTenant.TenantId)));
    }

    private sealed class BulkTenant(string tenantId)
    {
        public readonly string TenantId = tenantId;
    }
}
