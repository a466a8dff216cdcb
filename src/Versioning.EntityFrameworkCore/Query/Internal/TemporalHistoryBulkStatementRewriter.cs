using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.ChangeTracking.Internal;
using Versioning.EntityFrameworkCore.Metadata.Internal;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Query.Internal;

/// <summary>
/// Refuses <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> on a temporal entity type: the statement would change rows
/// without history rows for their old values (DESIGN §5: never silent). A later issue versions them set-wise.
/// </summary>
internal sealed class TemporalHistoryBulkStatementRewriter : IBulkStatementRewriter
{
    public int Order => VersioningHandlerOrder.TemporalHistory;

    public Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change)
        => plan.TemporalHistory == null
            ? current
            : throw new InvalidOperationException(
                VersioningStrings.TemporalBulkStatement(
                    statement.EntityType.DisplayName(), statement.IsUpdate ? "ExecuteUpdate" : "ExecuteDelete"));
}
