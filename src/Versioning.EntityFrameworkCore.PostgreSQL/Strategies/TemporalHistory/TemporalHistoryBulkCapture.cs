using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.TemporalHistory;

/// <summary>
/// Temporal history of a bulk statement on PostgreSQL: one history row per row the statement updated or deleted, with
/// the old values, the period closed at the execution's time (or at the stored start when the clock is behind it, as
/// SaveChanges does) and the actor; the statement itself starts the next version (its setters come from
/// <c>TemporalHistoryBulkStatementRewriter</c>).
/// <code>
/// versioning_history AS (
///     INSERT INTO "ProductHistory" ("Id", …, "ValidFrom", "Version", "ValidTo", "ChangedBy")
///     SELECT r.versioning_old_0, …, GREATEST(@versioning_history_at, r.versioning_old_3), @versioning_history_by
///     FROM versioning_rows AS r)
/// </code>
/// </summary>
internal sealed class TemporalHistoryBulkCapture : INpgsqlBulkCaptureWriter
{
    public bool Writes(object strategyPlan) => strategyPlan is TemporalHistoryPlan;

    public string? Refusal(object strategyPlan, IReadOnlyList<IProperty>? setProperties) => null;

    public bool Append(BulkCaptureSql sql, object strategyPlan)
    {
        var plan = (TemporalHistoryPlan)strategyPlan;
        var history = plan.History;
        var historyTable = StoreObjectIdentifier.Table(history.GetTableName()!, history.GetSchema());
        string HistoryColumn(IProperty property) => sql.Helper.DelimitIdentifier(property.GetColumnName(historyTable)!);

        var validTo = history.GetProperty(TemporalPropertyNames.ValidTo);
        var changedBy = history.GetProperty(TemporalPropertyNames.ChangedBy);
        var at = sql.Parameter("history_at", plan.ValidFrom.Property.GetRelationalTypeMapping(), plan.ValidFrom.ToClrValue(sql.Capture.Change.Timestamp));
        var by = sql.Parameter("history_by", changedBy.GetRelationalTypeMapping(), sql.Capture.Change.ActorId);

        sql.Builder.AppendLine("versioning_history AS (")
            .Append("    INSERT INTO ").Append(sql.Helper.DelimitIdentifier(history.GetTableName()!, history.GetSchema())).Append(" (")
            .AppendJoin(", ", plan.HistoryProperties.Select(HistoryColumn))
            .Append(", ").Append(HistoryColumn(validTo)).Append(", ").Append(HistoryColumn(changedBy)).AppendLine(")")
            .Append("    SELECT ").AppendJoin(", ", plan.MirroredProperties.Select((p, i) => plan.Masked[i] ? BulkCaptureSql.Literal(ActivityLogEntry.RedactedMask) : sql.Old(p)))
            .Append(", GREATEST(").Append(at).Append(", ").Append(sql.Old(plan.ValidFrom.Property)).Append("), ").AppendLine(by)
            .Append("    FROM ").Append(BulkCaptureSql.WrittenRows).Append(" AS ").Append(BulkCaptureSql.Row).Append(')');
        return true;
    }
}
