using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>Refuses bulk statements on a temporal entity type: they would change rows without history rows for their old values.</summary>
internal sealed class TemporalHistoryBulkStatementRewriter : RefusingBulkStatementRewriter
{
    public override int Order => TemporalHistoryHandler.Position;

    protected override bool Applies(EntitySavePlan plan) => plan.Find<TemporalHistoryPlan>() != null;

    protected override string Message(string entityType, string statementName)
        => VersioningStrings.TemporalBulkStatement(entityType, statementName);
}
