using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.TemporalHistory;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ActivityLog;

/// <summary>
/// The triggers that capture writes bypassing EF into the activity log (<c>HasDatabaseCapture()</c> on an activity-logged
/// entity type): one PL/pgSQL function per table, generated from the model, run <c>AFTER</c> each inserting, updating and
/// deleting statement with its transition tables, so a statement's log rows are one set-based insert.
/// </summary>
/// <remarks>
/// <para>
/// What a captured statement writes is what SaveChanges writes for the same change: an insert's <c>CREATE</c> rows (as the
/// entity type's <see cref="ActivityCreateValues"/> says; a snapshot is the same JSON object, written by the database),
/// one row per logged column an update changed (its action, old and new values as the log's canonical text,
/// <see cref="ActivitySqlText"/>; redacted columns masked), and one <c>DELETE</c> row per deleted row. The actor, reason,
/// correlation id and tenant come from the transaction's settings (<c>versioning.actor</c>, <c>versioning.reason</c>,
/// <c>versioning.correlation_id</c>, <c>versioning.tenant_id</c>), else null, read once per statement, except that the
/// rows of a multi-tenant table are logged for their own tenant (<see cref="IEntityTenant"/>); the time is the
/// transaction's; the keys are version 7 UUIDs of the statement's time, counted up per row as Versioning's own are.
/// </para>
/// <para>
/// Versioning's own writes log themselves: the statements it sends for a save or a bulk statement on such a table start
/// with <see cref="DatabaseTriggerSettings.OwnStatementMarker"/>, which the function finds at the start of <c>current_query()</c>, and
/// its other writes set <c>versioning.writer</c>. A raw update that changes a row's key is not logged (its old and new rows
/// are paired by key).
/// </para>
/// </remarks>
internal static class ActivityLogCapture
{
    private const string InsertTrigger = "versioning_log_capture_insert";
    private const string UpdateTrigger = "versioning_log_capture_update";
    private const string DeleteTrigger = "versioning_log_capture_delete";

    // What every row of a statement shares, computed once (a materialized CTE, never rescanned): the settings, and the
    // first key (a version 7 UUID of the statement's time and random bits), whose low bits the rows count up from as
    // Versioning's own writes do.
    private const string Shared =
        "WITH s AS MATERIALIZED (SELECT substring(int8send((extract(epoch FROM statement_timestamp()) * 1000)::bigint) FROM 3) || set_byte(substring(r FROM 7 FOR 2), 0, (get_byte(r, 6) & 15) | 112) AS key_prefix, "
        + "(('x' || encode(substring(r FROM 9), 'hex'))::bit(64)::bigint & 4611686018427387903) AS key_low, "
        + "NULLIF(current_setting('versioning.actor', true), '') AS actor, NULLIF(current_setting('versioning.reason', true), '') AS reason, "
        + "NULLIF(current_setting('versioning.correlation_id', true), '') AS correlation_id, NULLIF(current_setting('versioning.tenant_id', true), '') AS tenant_id "
        + "FROM uuid_send(gen_random_uuid()) AS r)";

    /// <summary>
    /// Why the writes of <paramref name="entityType"/> that bypass EF cannot be logged by the database the way SaveChanges
    /// logs them, or <see langword="null"/> when they can.
    /// </summary>
    public static string? Refusal(IEntityType entityType)
    {
        var name = entityType.DisplayName();
        if (VersioningStrategies.All.Select(s => s.FindUse(entityType)).FirstOrDefault(u => u?.ReplacesRows == true) is { } replacing)
        {
            return VersioningStrings.ActivityCaptureOfReplacedRows(name, replacing.Name);
        }

        if (entityType.GetRootType() != entityType || entityType.GetDirectlyDerivedTypes().Any()
            || entityType.GetTableName() is not { } table
            || entityType.Model.GetEntityTypes().Any(e => e != entityType && e.GetTableName() == table && e.GetSchema() == entityType.GetSchema()))
        {
            return VersioningStrings.ActivityCaptureOfSharedTable(name);
        }

        if (ActivityLogPlan.For(entityType) is not { } log)
        {
            return null;
        }

        if (log.Key.Properties.FirstOrDefault(k => ActivitySqlText.Of(k, "k") == null) is { } key)
        {
            return VersioningStrings.ActivityCaptureWithoutText(name, key.Name, key.ClrType.Name);
        }

        return log.Properties.FirstOrDefault(p => !p.IsRedacted && ActivitySqlText.Of(p.Property, "v") == null) is { } logged
            ? VersioningStrings.ActivityCaptureWithoutText(name, logged.Field, logged.Property.ClrType.Name)
            : null;
    }

    /// <summary>The statements that create (or replace) the log capture of <paramref name="entityType"/>'s table.</summary>
    public static IEnumerable<string> Create(IEntityType entityType, ISqlGenerationHelper sql)
    {
        var log = ActivityLogPlan.For(entityType)!;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());

        // A trigger sees no system column (xmin as a concurrency token): it is not a field the database can log.
        var properties = log.Properties.Where(p => !BulkCaptureSql.IsSystemColumn(p.Property.GetColumnName(table))).ToList();
        var logType = entityType.Model.FindEntityType(typeof(ActivityLogEntry))!;
        var logTable = StoreObjectIdentifier.Table(logType.GetTableName()!, logType.GetSchema());
        var tenant = EntityTenant.In(entityType);
        var tableName = table.Name;
        var schema = table.Schema;
        string Value(IProperty p, string row) => row + "." + sql.DelimitIdentifier(p.GetColumnName(table)!);
        string Text(ActivityLogPlan.LoggedProperty p, string row)
            => p.IsRedacted ? Literal(ActivityLogEntry.RedactedMask) : ActivitySqlText.Of(p.Property, Value(p.Property, row))!;
        string Insert(string action, string row, string field, string oldValue, string newValue, string from)
        {
            var timestamp = logType.GetProperty(nameof(ActivityLogEntry.Timestamp));
            var values = new Dictionary<string, string>
            {
                [nameof(ActivityLogEntry.Id)] = ActivityLogBulkCapture.CountedKey("s.key_prefix", "s.key_low"),
                [nameof(ActivityLogEntry.Timestamp)] = TemporalHistoryNpgsqlStrategy.IsWithoutTimeZone(timestamp.GetColumnType(logTable))
                    ? "(now() AT TIME ZONE 'UTC')"
                    : "now()",
                [nameof(ActivityLogEntry.Action)] = action,
                [nameof(ActivityLogEntry.ActorId)] = "s.actor",
                [nameof(ActivityLogEntry.EntityType)] = Literal(log.Key.EntityTypeName),
                [nameof(ActivityLogEntry.EntityId)] = ActivityLogBulkCapture.KeyText(log, p => Value(p, row)),
                [nameof(ActivityLogEntry.ChangedField)] = field,
                [nameof(ActivityLogEntry.OldValue)] = oldValue,
                [nameof(ActivityLogEntry.NewValue)] = newValue,
                [nameof(ActivityLogEntry.Details)] = "s.reason",
                [nameof(ActivityLogEntry.CorrelationId)] = "s.correlation_id",
                [nameof(ActivityLogEntry.TenantId)] = tenant != null ? Value(tenant.TenantId, row) : "s.tenant_id",
            };
            var columns = logType.GetProperties().Where(p => values.ContainsKey(p.Name)).ToList();
            return new StringBuilder(Shared).Append("\n            INSERT INTO ").Append(sql.DelimitIdentifier(logTable.Name, logTable.Schema)).Append(" (")
                .AppendJoin(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(logTable)!)))
                .Append(")\n            SELECT ").AppendJoin(", ", columns.Select(p => values[p.Name]))
                .Append("\n            FROM s, ").Append(from).Append(';')
                .ToString();
        }

        var created = log.CreateValues == ActivityCreateValues.None || properties.Count == 0
            ? Insert(Literal(ActivityLogActions.Create), "n", "NULL", "NULL", "NULL", "versioning_new_rows AS n")
            : log.CreateValues == ActivityCreateValues.Snapshot
                ? Insert(Literal(ActivityLogActions.Create), "n", "NULL", "NULL", Snapshot(properties, p => Text(p, "n")), "versioning_new_rows AS n")
                : Insert(
                    Literal(ActivityLogActions.Create), "n", "c.field", "NULL", "c.new_value",
                    "versioning_new_rows AS n CROSS JOIN LATERAL (VALUES "
                    + string.Join(", ", properties.Select(p => $"({Literal(p.Field)}, {Text(p, "n")})"))
                    + ") AS c(field, new_value)");
        var keyJoin = string.Join(" AND ", log.Key.Properties.Select(p => $"{Value(p, "o")} = {Value(p, "n")}"));
        var updated = properties.Count == 0
            ? null
            : Insert(
                "c.action", "n", "c.field", "c.old_value", "c.new_value",
                $"versioning_old_rows AS o JOIN versioning_new_rows AS n ON {keyJoin}\n            CROSS JOIN LATERAL (VALUES "
                + string.Join(", ", properties.Select(p => $"({Literal(p.Action)}, {Literal(p.Field)}, {Text(p, "o")}, {Text(p, "n")}, {Value(p.Property, "o")} IS DISTINCT FROM {Value(p.Property, "n")})"))
                + ") AS c(action, field, old_value, new_value, changed)\n            WHERE c.changed");
        var deleted = Insert(Literal(ActivityLogActions.Delete), "o", "NULL", "NULL", "NULL", "versioning_old_rows AS o");

        var function = sql.DelimitIdentifier(FunctionName(tableName), schema);
        yield return $"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $versioning$
            BEGIN
                IF current_setting('versioning.writer', true) = 'on' OR starts_with(ltrim(current_query()), {Literal(DatabaseTriggerSettings.OwnStatementMarker.Trim())}) THEN
                    RETURN NULL;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    {created}
                ELSIF TG_OP = 'UPDATE' THEN
                    {updated ?? "NULL;"}
                ELSE
                    {deleted}
                END IF;
                RETURN NULL;
            END
            $versioning$
            """;

        var target = sql.DelimitIdentifier(tableName, schema);
        yield return $"DROP TRIGGER IF EXISTS {InsertTrigger} ON {target}";
        yield return $"CREATE TRIGGER {InsertTrigger} AFTER INSERT ON {target} REFERENCING NEW TABLE AS versioning_new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()";
        yield return $"DROP TRIGGER IF EXISTS {UpdateTrigger} ON {target}";
        yield return $"CREATE TRIGGER {UpdateTrigger} AFTER UPDATE ON {target} REFERENCING OLD TABLE AS versioning_old_rows NEW TABLE AS versioning_new_rows "
            + $"FOR EACH STATEMENT EXECUTE FUNCTION {function}()";
        yield return $"DROP TRIGGER IF EXISTS {DeleteTrigger} ON {target}";
        yield return $"CREATE TRIGGER {DeleteTrigger} AFTER DELETE ON {target} REFERENCING OLD TABLE AS versioning_old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()";
    }

    /// <summary>Drops the log capture of a table (its function, and with it the triggers), if it has one.</summary>
    public static string Drop(string table, string? schema, ISqlGenerationHelper sql)
        => $"DROP FUNCTION IF EXISTS {sql.DelimitIdentifier(FunctionName(table), schema)}() CASCADE";

    /// <summary>
    /// The snapshot of an insert as SaveChanges writes it: a JSON object of the logged fields' text, without spaces
    /// (strings escaped by the database, which leaves non-ASCII characters as they are).
    /// </summary>
    private static string Snapshot(IEnumerable<ActivityLogPlan.LoggedProperty> properties, Func<ActivityLogPlan.LoggedProperty, string> text)
        => "'{' || " + string.Join(
            " || ',' || ",
            properties.Select(p => $"{Literal(JsonName(p.Field))} || coalesce(to_json(({text(p)})::text)::text, 'null')")) + " || '}'";

    private static string JsonName(string field) => System.Text.Json.JsonSerializer.Serialize(field) + ":";

    private static string Literal(string value) => BulkCaptureSql.Literal(value);

    /// <summary>The function's name: <c>versioning_log_capture_</c> + the table's name, cut to PostgreSQL's 63 characters.</summary>
    private static string FunctionName(string table)
        => PostgresIdentifier.Named("versioning_log_capture_", table);
}
