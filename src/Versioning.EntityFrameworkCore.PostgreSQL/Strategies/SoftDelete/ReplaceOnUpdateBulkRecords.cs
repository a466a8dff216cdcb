using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.SoftDelete;

/// <summary>
/// The new records of a bulk update of a replace-on-update set on PostgreSQL, written by the statement itself
/// (<see cref="BulkReplacementSql"/>): each row it reaches is flagged deleted, as SaveChanges flags it (the execution's
/// time and actor, the change scope's reason or "Updated with new information", the purge date), and a new record is
/// inserted with the statement's values, naming the old one in <c>ReplacesId</c>, under a key the database generates.
/// </summary>
internal sealed class ReplaceOnUpdateBulkRecords : INpgsqlBulkReplacementWriter
{
    public bool Writes(object strategyPlan) => strategyPlan is SoftDeletePlan { ReplaceOnUpdate: true };

    public string? Refusal(object strategyPlan, IReadOnlyList<IProperty>? setProperties)
        => BulkReplacementSql.Refusal(((SoftDeletePlan)strategyPlan).IsDeleted.DeclaringType.ContainingEntityType);

    public bool Append(BulkCaptureSql sql, object strategyPlan) => false;

    public IEnumerable<(IProperty Property, string Sql)> Retire(BulkCaptureSql sql, object strategyPlan)
    {
        var plan = (SoftDeletePlan)strategyPlan;
        var values = SoftDeleteValues.Of(sql.Capture.Change, VersioningStrings.SoftDeleteUpdateWithNewInformation);
        string Parameter(string name, IProperty property, object? value) => sql.Parameter(name, property.GetRelationalTypeMapping(), value);
        yield return (plan.IsDeleted, "TRUE");
        yield return (plan.DeletedAt.Property, Parameter("deleted_at", plan.DeletedAt.Property, plan.DeletedAt.ToClrValue(values.At)));
        yield return (plan.DeletedBy, Parameter("deleted_by", plan.DeletedBy, values.By));
        yield return (plan.DeletedReason, Parameter("deleted_reason", plan.DeletedReason, values.Reason));
        if (plan.PurgeAt != null)
        {
            yield return (plan.PurgeAt.Property, Parameter("purge_at", plan.PurgeAt.Property, plan.PurgeAt.ToClrValue(values.At + plan.PurgeAfter!.Value)));
        }
    }

    public IEnumerable<(IProperty Property, string Sql)> NewRow(BulkCaptureSql sql, object strategyPlan, string oldRow)
    {
        var plan = (SoftDeletePlan)strategyPlan;
        return [(plan.ReplacesId!, oldRow + "." + sql.Column(plan.IsDeleted.DeclaringType.ContainingEntityType.FindPrimaryKey()!.Properties[0]))];
    }
}
