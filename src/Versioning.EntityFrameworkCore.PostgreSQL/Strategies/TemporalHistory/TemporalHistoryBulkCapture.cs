using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.TemporalHistory;

/// <summary>
/// Temporal history of a bulk statement on PostgreSQL: one history row per row the statement updated or deleted, with
/// the old values (their author included), the period closed at the execution's time (or at the stored start when the
/// clock is behind it, as SaveChanges does) and, for a delete, the actor as <c>RemovedBy</c>; the statement itself
/// starts the next version (its setters, the author among them, come from <c>TemporalHistoryBulkStatementRewriter</c>).
/// <code>
/// versioning_history AS (
///     INSERT INTO "ProductHistory" ("Id", …, "ValidFrom", "Version", "ChangedBy", "ValidTo", "RemovedBy")
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

        // A system column (xmin as a concurrency token) is an ordinary column in history: its value goes through text.
        string Old(IProperty property)
            => sql.IsSystemColumn(property)
                ? sql.Old(property) + "::text::" + history.GetProperty(property.Name).GetColumnType(historyTable)
                : sql.Old(property);

        var validTo = history.GetProperty(TemporalPropertyNames.ValidTo);
        var removedBy = history.GetProperty(TemporalPropertyNames.RemovedBy);
        var at = sql.Parameter("history_at", plan.ValidFrom.Property.GetRelationalTypeMapping(), plan.ValidFrom.ToClrValue(sql.Capture.Change.Timestamp));
        var by = sql.RemovesRows ? sql.Parameter("history_by", removedBy.GetRelationalTypeMapping(), sql.Capture.Change.ActorId) : "NULL";

        sql.Builder.AppendLine("versioning_history AS (")
            .Append("    INSERT INTO ").Append(sql.Helper.DelimitIdentifier(history.GetTableName()!, history.GetSchema())).Append(" (")
            .AppendJoin(", ", plan.HistoryProperties.Select(HistoryColumn))
            .Append(", ").Append(HistoryColumn(validTo)).Append(", ").Append(HistoryColumn(removedBy)).AppendLine(")")
            .Append("    SELECT ").AppendJoin(", ", plan.MirroredProperties.Select((p, i) => plan.Masked[i] ? BulkCaptureSql.Literal(ActivityLogEntry.RedactedMask) : Old(p)))
            .Append(", GREATEST(").Append(at).Append(", ").Append(sql.Old(plan.ValidFrom.Property)).Append("), ").AppendLine(by)
            .Append("    FROM ").Append(BulkCaptureSql.WrittenRows).Append(" AS ").Append(BulkCaptureSql.Row).Append(')');
        return true;
    }
}
