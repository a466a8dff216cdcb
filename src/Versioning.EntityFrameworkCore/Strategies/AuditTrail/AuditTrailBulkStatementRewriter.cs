using System.Linq.Expressions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// Bulk policy of the audit trail: <c>ExecuteDelete</c> soft-deletes the current revisions in place, as SaveChanges does
/// (soft delete's rewriter, which runs next, makes it an update of the flags), and never touches a past revision, even
/// under <c>IgnoreQueryFilters()</c>. <c>ExecuteUpdate</c> and <c>ExecuteHardDelete</c> are refused: a set-based update
/// does not record revisions yet, and a hard delete would remove revisions.
/// </summary>
internal sealed class AuditTrailBulkStatementRewriter : IBulkStatementRewriter
{
    // Before soft delete's rewriter (at 200), which turns the ExecuteDelete it leaves into an ExecuteUpdate of the flags.
    public int Order => 199;

    public Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change)
    {
        if (statement.IsPurge || plan.Find<AuditTrailPlan>() is not { } audit)
        {
            return current;
        }

        if (statement.IsUpdate || statement.IsHardDelete || current is not MethodCallExpression executeDelete)
        {
            throw new InvalidOperationException(VersioningStrings.BulkStatementOnAuditTrail(statement.EntityType.DisplayName(), statement.Name));
        }

        return BulkUpdateSetters.Where(executeDelete, audit.IsCurrent, true);
    }
}
