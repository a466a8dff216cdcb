using System.Buffers.Binary;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ActivityLog;

/// <summary>
/// The activity log of a bulk statement on PostgreSQL, written by the statement itself: for an update, one row per
/// logged column the statement sets, per row whose value it changed, with the old and new values as canonical text
/// (<see cref="ActivitySqlText"/>) and the column's action; for a delete (soft or not), one <c>DELETE</c> row per row.
/// Every row has the execution's time, actor and reason, one correlation id per statement, and a version 7 key: the
/// first from the application's clock, the others counting up from it as <c>ActivityRowFactory</c> does; its tenant is
/// the row's own for a multi-tenant entity type (<see cref="IEntityTenant"/>: a statement under a tenant bypass changes
/// several tenants' rows), else the execution's.
/// <code>
/// versioning_log AS (
///     INSERT INTO "ActivityLogs" ("Id", "Timestamp", "Action", …)
///     SELECT &lt;key n&gt;, @versioning_log_at, c.action, …
///     FROM versioning_rows AS r
///     CROSS JOIN LATERAL (VALUES ('UPDATE', 'Price', &lt;text of the old price&gt;, &lt;text of r."Price"&gt;, &lt;old&gt; IS DISTINCT FROM r."Price")) AS c(…)
///     WHERE c.changed)
/// </code>
/// </summary>
internal sealed class ActivityLogBulkCapture : INpgsqlBulkCaptureWriter
{
    /// <summary>2^62: the low bits of a version 7 key below its variant.</summary>
    private const string LowBitsRange = "4611686018427387904";

    public bool Writes(object strategyPlan) => strategyPlan is ActivityLogPlan;

    public string? Refusal(object strategyPlan, IReadOnlyList<IProperty>? setProperties)
    {
        var log = (ActivityLogPlan)strategyPlan;
        foreach (var key in log.Key.Properties)
        {
            if (ActivitySqlText.Of(key, "k") == null)
            {
                return VersioningStrings.BulkLogKeyWithoutText(key.Name, key.ClrType.Name);
            }
        }

        if (setProperties == null)
        {
            return VersioningStrings.BulkLogSetterNotAProperty;
        }

        foreach (var logged in log.Properties)
        {
            if (!logged.IsRedacted && setProperties.Contains(logged.Property) && ActivitySqlText.Of(logged.Property, "v") == null)
            {
                return VersioningStrings.BulkLogValueWithoutText(logged.Field, logged.Property.ClrType.Name);
            }
        }

        return null;
    }

    public bool Append(BulkCaptureSql sql, object strategyPlan)
    {
        var log = (ActivityLogPlan)strategyPlan;
        var capture = sql.Capture;
        var logged = capture.IsDelete ? [] : log.Properties.Where(p => capture.SetProperties.Contains(p.Property)).ToList();
        if (!capture.IsDelete && logged.Count == 0)
        {
            return false;
        }

        var map = ActivityLogTableMap.For(sql.Context);
        var first = Guid.CreateVersion7(capture.Change.Timestamp).ToByteArray(bigEndian: true);
        var prefix = sql.Parameter("log_key_prefix", first[..8]);
        var low = sql.Parameter("log_key_low", (long)(BinaryPrimitives.ReadUInt64BigEndian(first.AsSpan(8)) & 0x3FFF_FFFF_FFFF_FFFFUL));
        var isUpdate = !capture.IsDelete;
        var plan = VersioningSavePlan.For(capture.EntityType.Model).Find(capture.EntityType);
        var family = plan?.Find<IRowFamily>();

        var values = new Dictionary<string, string>
        {
            [nameof(ActivityLogEntry.Id)] = CountedKey(prefix, low),
            [nameof(ActivityLogEntry.Timestamp)] = Parameter(sql, map, nameof(ActivityLogEntry.Timestamp), "log_at", capture.Change.Timestamp),
            [nameof(ActivityLogEntry.Action)] = isUpdate ? "c.action" : BulkCaptureSql.Literal(ActivityLogActions.Delete),
            [nameof(ActivityLogEntry.ActorId)] = Parameter(sql, map, nameof(ActivityLogEntry.ActorId), "log_actor", capture.Change.ActorId),
            [nameof(ActivityLogEntry.EntityType)] = BulkCaptureSql.Literal(log.Key.EntityTypeName),
            [nameof(ActivityLogEntry.EntityId)] = family != null ? FamilyKeyText(sql, family) : KeyText(log, sql.ReplacesRows ? sql.Old : sql.New),
            [nameof(ActivityLogEntry.ChangedField)] = isUpdate ? "c.field" : "NULL",
            [nameof(ActivityLogEntry.OldValue)] = isUpdate ? "c.old_value" : "NULL",
            [nameof(ActivityLogEntry.NewValue)] = isUpdate ? "c.new_value" : "NULL",
            [nameof(ActivityLogEntry.Details)] = family != null
                ? DetailsText(sql, map, $"{BulkCaptureSql.Literal(family.RowNamePrefix)} || {ActivitySqlText.Of(family.RowNumber, sql.New(family.RowNumber))}")
                : sql.ReplacesRows
                    ? DetailsText(sql, map, $"{BulkCaptureSql.Literal(ReplacedBy)} || {KeyText(log, sql.New)}")
                    : Parameter(sql, map, nameof(ActivityLogEntry.Details), "log_details", capture.Change.Scope?.Reason),
            [nameof(ActivityLogEntry.CorrelationId)] = Parameter(sql, map, nameof(ActivityLogEntry.CorrelationId), "log_correlation", capture.CorrelationId),
            [nameof(ActivityLogEntry.Metadata)] = Parameter(sql, map, nameof(ActivityLogEntry.Metadata), "log_metadata", ActivityRowFactory.MetadataJson(capture.Change.Scope)),
            [nameof(ActivityLogEntry.TenantId)] = plan?.Find<IEntityTenant>() is { } tenant
                ? sql.New(tenant.TenantId)
                : Parameter(sql, map, nameof(ActivityLogEntry.TenantId), "log_tenant", capture.Change.TenantId),
        };
        var columns = map.Columns.Where(c => values.ContainsKey(c.Property.Name)).ToList();

        var builder = sql.Builder;
        builder.AppendLine("versioning_log AS (")
            .Append("    INSERT INTO ").Append(sql.Helper.DelimitIdentifier(map.Table, map.Schema)).Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.Helper.DelimitIdentifier(c.Name))).AppendLine(")")
            .Append("    SELECT ").AppendJoin(", ", columns.Select(c => values[c.Property.Name])).AppendLine()
            .Append("    FROM ").Append(BulkCaptureSql.WrittenRows).Append(" AS ").Append(BulkCaptureSql.Row);
        if (isUpdate)
        {
            builder.AppendLine().Append("    CROSS JOIN LATERAL (VALUES ");
            for (var i = 0; i < logged.Count; i++)
            {
                AppendChange(builder.Append(i == 0 ? "" : ", "), sql, logged[i]);
            }

            builder.AppendLine(") AS c(action, field, old_value, new_value, changed)")
                .Append("    WHERE c.changed");
        }

        builder.Append(')');
        return true;
    }

    /// <summary>
    /// The version 7 key of each row a statement logs: the first key's 8 high bytes (<paramref name="prefix"/>, a
    /// <c>bytea</c>), then its 62 low bits (<paramref name="low"/>, a <c>bigint</c>) counted up per row under the variant.
    /// </summary>
    internal static string CountedKey(string prefix, string low)
        => $"encode({prefix} || int8send((-9223372036854775807 - 1) + (({low} + row_number() OVER () - 1) % {LowBitsRange})), 'hex')::uuid";

    private static void AppendChange(StringBuilder builder, BulkCaptureSql sql, ActivityLogPlan.LoggedProperty logged)
    {
        var (old, @new) = (sql.Old(logged.Property), sql.New(logged.Property));
        var mask = BulkCaptureSql.Literal(ActivityLogEntry.RedactedMask);
        builder.Append('(').Append(BulkCaptureSql.Literal(logged.Action))
            .Append(", ").Append(BulkCaptureSql.Literal(logged.Field))
            .Append(", ").Append(logged.IsRedacted ? mask : ActivitySqlText.Of(logged.Property, old))
            .Append(", ").Append(logged.IsRedacted ? mask : ActivitySqlText.Of(logged.Property, @new))
            .Append(", ").Append(old).Append(" IS DISTINCT FROM ").Append(@new).Append(')');
    }

    /// <summary>
    /// The key as the log writes it, of the rows' new values or their old ones (<paramref name="value"/>): one part's text,
    /// or the parts joined by <c>,</c> with <c>,</c> and <c>\</c> escaped.
    /// </summary>
    internal static string KeyText(ActivityLogPlan log, Func<IProperty, string> value)
    {
        var parts = log.Key.Properties.Select(p => ActivitySqlText.Of(p, value(p))!).ToList();
        return parts.Count == 1
            ? $"coalesce({parts[0]}, '')"
            : string.Join(" || ',' || ", parts.Select(p => $"replace(replace(coalesce({p}, ''), '\\', '\\\\'), ',', '\\,')"));
    }

    /// <summary>The family's key (the first of its key properties that is not null), as the log writes a key.</summary>
    private static string FamilyKeyText(BulkCaptureSql sql, IRowFamily family)
        => $"coalesce({string.Join(", ", family.FamilyKeyProperties.Select(p => ActivitySqlText.Of(p, sql.New(p))))}, '')";

    /// <summary>
    /// <c>Details</c> naming the row a change made, as SaveChanges writes it: a row of a family (<c>revision 3</c>) or the
    /// new record that replaced the logged one (<c>replaced by key 42</c>), after the scope's reason when there is one
    /// (<c>reason (revision 3)</c>).
    /// </summary>
    private static string DetailsText(BulkCaptureSql sql, ActivityLogTableMap map, string name)
        => sql.Capture.Change.Scope?.Reason is not { } reason
            ? name
            : $"{Parameter(sql, map, nameof(ActivityLogEntry.Details), "log_details", reason)} || ' (' || {name} || ')'";

    /// <summary>What <c>Details</c> says before the key of the new record that replaced the logged one.</summary>
    private const string ReplacedBy = "replaced by key ";

    private static string Parameter(BulkCaptureSql sql, ActivityLogTableMap map, string propertyName, string name, object? value)
        => sql.Parameter(name, map.Columns.First(c => c.Property.Name == propertyName).TypeMapping, value);
}
