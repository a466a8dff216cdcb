using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.ChangeTracking.Internal;
using Versioning.EntityFrameworkCore.Metadata.Internal;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Query.Internal;

/// <summary>
/// Refuses <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> on an activity-logged entity type: the statement never passes
/// through SaveChanges, so it would change rows without a log row (DESIGN §5: never silently unversioned). The
/// trigger-based capture issue may version these statements later.
/// </summary>
internal sealed class ActivityLogBulkStatementRewriter : IBulkStatementRewriter
{
    public int Order => VersioningHandlerOrder.ActivityLog;

    public Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change)
        => plan.ActivityLog == null
            ? current
            : throw new InvalidOperationException(
                VersioningStrings.BulkStatementOnActivityLoggedType(
                    statement.EntityType.DisplayName(), statement.IsUpdate ? "ExecuteUpdate" : "ExecuteDelete"));
}
