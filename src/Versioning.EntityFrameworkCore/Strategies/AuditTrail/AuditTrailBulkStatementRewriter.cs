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
    public override int Order => VersioningHandlerOrder.SoftDelete - 1;

    protected override bool Applies(EntitySavePlan plan) => plan.AuditTrail != null;

    protected override string Message(string entityType, string statementName)
        => VersioningStrings.BulkStatementOnAuditTrail(entityType, statementName);
}
