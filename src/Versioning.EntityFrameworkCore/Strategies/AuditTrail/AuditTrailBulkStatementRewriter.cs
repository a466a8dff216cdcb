using System.Linq.Expressions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// Bulk policy of the audit trail: <c>ExecuteDelete</c> soft-deletes the current revisions in place, as SaveChanges does
/// (soft delete's rewriter, which runs next, makes it an update of the flags), and never touches a past revision, even
/// under <c>IgnoreQueryFilters()</c>. <c>ExecuteUpdate</c> of the current revisions writes a new revision of each in the
/// statement itself where the provider can (PostgreSQL), and is refused elsewhere; one that sets bookkeeping only (the
/// soft-delete columns, change stamps) is written in place, to the current revisions only. <c>ExecuteHardDelete</c> is refused: it would remove revisions.
/// </summary>
internal sealed class AuditTrailBulkStatementRewriter(IEnumerable<IBulkCaptureWriter> writers) : IBulkStatementRewriter
{
    private readonly IBulkCaptureWriter[] _writers = [.. writers];

    // Before soft delete's rewriter (at 200), which turns the ExecuteDelete it leaves into an ExecuteUpdate of the flags.
    public int Order => 199;

    public Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change)
    {
        if (statement.IsPurge || plan.Find<AuditTrailPlan>() is not { } audit)
        {
            return current;
        }

        var entityType = statement.EntityType.DisplayName();
        if (statement.IsUpdate && current is MethodCallExpression executeUpdate)
        {
            return new RowReplacingBulkUpdate(audit.IsCurrent, true, audit.IsBookkeeping, [.. audit.Revisioned, audit.Key], FiltersInPlace: true).Rewrite(
                statement,
                executeUpdate,
                audit,
                _writers,
                () => VersioningStrings.BulkStatementOnAuditTrail(entityType, statement.Name),
                property => VersioningStrings.BulkUpdateSetsRevisionColumn(entityType, property.Name));
        }

        if (statement.IsHardDelete || current is not MethodCallExpression executeDelete)
        {
            throw new InvalidOperationException(VersioningStrings.BulkStatementOnAuditTrail(entityType, statement.Name));
        }

        return BulkUpdateSetters.Where(executeDelete, audit.IsCurrent, true);
    }
}
