using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>Refuses bulk statements on an activity-logged entity type: they would change rows without a log row.</summary>
internal sealed class ActivityLogBulkStatementRewriter : RefusingBulkStatementRewriter
{
    public override int Order => ActivityLogHandler.Position;

    protected override bool Applies(EntitySavePlan plan) => plan.Find<ActivityLogPlan>() != null;

    protected override string Message(string entityType, string statementName)
        => VersioningStrings.BulkStatementOnActivityLoggedType(entityType, statementName);
}
