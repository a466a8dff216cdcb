using System.Linq.Expressions;
using Versioning.EntityFrameworkCore.ChangeTracking.Internal;
using Versioning.EntityFrameworkCore.Metadata.Internal;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Query.Internal;

/// <summary>
/// Bulk policy of audit trail (DESIGN §5): every <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> (hard delete included) on an
/// audit-trail set is refused with a clear error, because a set-based statement cannot record revisions. Runs before soft
/// delete's rewriter, which would otherwise turn the delete into an update of the flags.
/// </summary>
internal sealed class AuditTrailBulkStatementRewriter : IBulkStatementRewriter
{
    public int Order => VersioningHandlerOrder.SoftDelete - 1;

    public Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change)
        => plan.AuditTrail == null
            ? current
            : throw new InvalidOperationException(VersioningStrings.BulkStatementOnAuditTrail(
                statement.EntityType.DisplayName(),
                statement.IsUpdate ? "ExecuteUpdate" : statement.IsHardDelete ? "ExecuteHardDelete" : "ExecuteDelete"));
}
