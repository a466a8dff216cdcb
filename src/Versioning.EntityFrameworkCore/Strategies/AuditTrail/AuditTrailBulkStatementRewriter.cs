using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// Refuses every bulk statement (hard delete included) on an audit-trail entity type: a set-based statement cannot
/// record revisions. Runs before soft delete's rewriter, which would otherwise turn the delete into an update of the flags.
/// </summary>
internal sealed class AuditTrailBulkStatementRewriter : RefusingBulkStatementRewriter
{
    // Before soft delete's rewriter (at 200), which would turn an ExecuteDelete into an ExecuteUpdate of the flags.
    public override int Order => 199;

    protected override bool Applies(EntitySavePlan plan) => plan.Find<AuditTrailPlan>() != null;

    protected override string Message(string entityType, string statementName)
        => VersioningStrings.BulkStatementOnAuditTrail(entityType, statementName);
}
