using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Bulk policy of the activity log: a statement on an activity-logged entity type writes its log rows in the statement
/// itself where the provider can (PostgreSQL), and is refused elsewhere: it would change rows without a log row.
/// </summary>
internal sealed class ActivityLogBulkStatementRewriter(IEnumerable<IBulkCaptureWriter> writers)
    : CapturingBulkStatementRewriter<ActivityLogPlan>(writers)
{
    public override int Order => ActivityLogHandler.Position;

    protected override string Message(string entityType, string statementName)
        => VersioningStrings.BulkStatementOnActivityLoggedType(entityType, statementName);
}
