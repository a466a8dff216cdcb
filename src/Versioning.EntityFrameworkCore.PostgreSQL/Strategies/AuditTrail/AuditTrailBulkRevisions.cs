using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail;

/// <summary>
/// The revisions of a bulk update on PostgreSQL, written by the statement itself (<see cref="BulkReplacementSql"/>): each
/// current revision it reaches is retired (<c>IsCurrent</c> false, nothing else written to it) and a new revision is
/// inserted with the statement's values, as SaveChanges writes one: <c>Revision</c> + 1, current, in the old revision's
/// family (<c>RootId</c>, or the old key for revision 1), by the execution's actor, under a key the database generates.
/// </summary>
internal sealed class AuditTrailBulkRevisions : INpgsqlBulkReplacementWriter
{
    public bool Writes(object strategyPlan) => strategyPlan is AuditTrailPlan;

    public string? Refusal(object strategyPlan, IReadOnlyList<IProperty>? setProperties)
        => BulkReplacementSql.Refusal(((AuditTrailPlan)strategyPlan).Key.DeclaringType.ContainingEntityType);

    public bool Append(BulkCaptureSql sql, object strategyPlan) => false;

    public IEnumerable<(IProperty Property, string Sql)> Retire(BulkCaptureSql sql, object strategyPlan)
        => [(((AuditTrailPlan)strategyPlan).IsCurrent, "FALSE")];

    public IEnumerable<(IProperty Property, string Sql)> NewRow(BulkCaptureSql sql, object strategyPlan, string oldRow)
    {
        var audit = (AuditTrailPlan)strategyPlan;
        string Old(IProperty property) => oldRow + "." + sql.Column(property);
        return
        [
            (audit.Revision, Old(audit.Revision) + " + 1"),
            (audit.IsCurrent, "TRUE"),
            (audit.RootId, $"COALESCE({Old(audit.RootId)}, {Old(audit.Key)})"),
            (audit.ModifiedBy, sql.Parameter("revision_by", audit.ModifiedBy.GetRelationalTypeMapping(), sql.Capture.Change.ActorId)),
        ];
    }
}
