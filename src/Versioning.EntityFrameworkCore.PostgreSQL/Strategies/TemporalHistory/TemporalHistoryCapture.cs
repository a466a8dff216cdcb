using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.TemporalHistory;

/// <summary>
/// The triggers that capture writes bypassing EF into a temporal table's history (<c>HasDatabaseCapture()</c>): one
/// PL/pgSQL function per table, generated from the model (static SQL, so PostgreSQL plans it once per session), run
/// <c>BEFORE INSERT OR UPDATE</c> of each row, <c>AFTER UPDATE</c> of each statement (with its transition tables) and,
/// as a constraint trigger deferred to the commit, <c>AFTER DELETE</c> of each row.
/// </summary>
/// <remarks>
/// <para>
/// A raw <c>UPDATE</c> that changes a row but not its version: the row trigger starts the row's next version (its
/// period from the transaction's time, or from the stored start when that is later) and notes, in the transaction-local
/// setting <c>versioning.captured</c>, that the statement versioned rows; the statement trigger then writes their
/// history rows set-based, from the old and new rows of the statement. The new version's author (<c>ChangedBy</c>) is
/// the actor of <c>versioning.actor</c>, unless the statement set the author itself. An update that sets the version
/// itself is a versioned write already (Versioning's saves and bulk statements always do), so it is left alone. A raw
/// <c>INSERT</c> without a version starts the key's next version (1, or the last one its history holds + 1) now, by the
/// author it names or else the actor.
/// </para>
/// <para>
/// A raw <c>DELETE</c> is captured at the commit, when Versioning's own delete of the same row has written its history
/// row (in EF's batch, possibly after EF's DELETE): the trigger writes one only when the history has none for the
/// deleted version (with the actor as <c>RemovedBy</c>), so no delete is recorded twice. Versioning's own writes that
/// are not versions (a purge's deletes, a migration's move of authors) set <c>versioning.writer</c> in their
/// transaction, which the update and delete branches respect.
/// </para>
/// </remarks>
internal static class TemporalHistoryCapture
{
    private const string Trigger = "versioning_capture";
    private const string StatementTrigger = "versioning_capture_history";
    private const string DeleteTrigger = "versioning_capture_delete";

    /// <summary>The statements that create (or replace) the capture of <paramref name="entityType"/>'s table.</summary>
    public static IEnumerable<string> Create(IEntityType entityType, ISqlGenerationHelper sql)
    {
        var plan = TemporalHistoryPlan.For(entityType)!;
        var tableName = entityType.GetTableName()!;
        var schema = entityType.GetSchema();
        var table = StoreObjectIdentifier.Table(tableName, schema);
        var history = StoreObjectIdentifier.Table(plan.History.GetTableName()!, plan.History.GetSchema());
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        string HistoryColumn(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(history)!);

        var function = sql.DelimitIdentifier(FunctionName(tableName), schema);
        var historyTable = sql.DelimitIdentifier(history.Name, history.Schema);
        var (validFrom, version) = (Column(plan.ValidFrom.Property), Column(plan.Version));
        var changedBy = Column(plan.ChangedBy);
        var now = TemporalHistoryNpgsqlStrategy.IsWithoutTimeZone(plan.ValidFrom.Property.GetColumnType(table)) ? "(now() AT TIME ZONE 'UTC')" : "now()";
        const string Actor = "NULLIF(current_setting('versioning.actor', true), '')";
        string Insert(string row, string end, string removedBy) => new StringBuilder("INSERT INTO ").Append(historyTable).Append(" (")
            .AppendJoin(", ", plan.HistoryProperties.Select(HistoryColumn))
            .Append(", ").Append(HistoryColumn(plan.History.GetProperty(TemporalPropertyNames.ValidTo)))
            .Append(", ").Append(HistoryColumn(plan.History.GetProperty(TemporalPropertyNames.RemovedBy)))
            .Append(") ").Append(row == "OLD" ? "VALUES (" : "SELECT ").AppendJoin(", ", plan.MirroredProperties.Select((p, i) => plan.Masked[i]
                ? "'" + ActivityLogEntry.RedactedMask + "'"
                : BulkCaptureSql.IsSystemColumn(p.GetColumnName(table))
                    ? "0" // xmin as a concurrency token: triggers see no system columns (the version's token is unknown)
                    : row + "." + Column(p)))
            .Append(", ").Append(end).Append(", ").Append(removedBy).Append(row == "OLD" ? ")" : "")
            .ToString();
        string HistoryHas(string row) => string.Join(
            " AND ",
            plan.Key.Properties.Select(p => $"h.{HistoryColumn(plan.History.GetProperty(p.Name))} = {row}.{Column(p)}")
                .Append($"h.{HistoryColumn(plan.History.GetProperty(TemporalPropertyNames.Version))} = {row}.{version}"));
        string HistoryKeyOf(string row) => string.Join(
            " AND ", plan.Key.Properties.Select(p => $"h.{HistoryColumn(plan.History.GetProperty(p.Name))} = {row}.{Column(p)}"));
        var keyJoin = string.Join(" AND ", plan.Key.Properties.Select(p => $"o.{Column(p)} = n.{Column(p)}"));

        yield return $"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $versioning$
            BEGIN
                IF TG_LEVEL = 'STATEMENT' THEN
                    IF current_setting('versioning.captured', true) = 'on' THEN
                        PERFORM set_config('versioning.captured', '', true);
                        {Insert("o", $"GREATEST({now}, o.{validFrom})", "NULL")}
                        FROM versioning_old_rows AS o JOIN versioning_new_rows AS n ON {keyJoin}
                        WHERE n.{version} = o.{version} + 1 AND NOT EXISTS (SELECT 1 FROM {historyTable} AS h WHERE {HistoryHas("o")});
                    END IF;
                    RETURN NULL;
                ELSIF TG_OP = 'INSERT' THEN
                    IF NEW.{version} IS NULL THEN
                        NEW.{version} := COALESCE((SELECT max(h.{HistoryColumn(plan.History.GetProperty(TemporalPropertyNames.Version))}) FROM {historyTable} AS h WHERE {HistoryKeyOf("NEW")}), 0) + 1;
                        NEW.{validFrom} := COALESCE(NEW.{validFrom}, {now});
                        NEW.{changedBy} := COALESCE(NEW.{changedBy}, {Actor});
                    END IF;
                    RETURN NEW;
                ELSIF TG_OP = 'UPDATE' THEN
                    IF NEW.{version} IS NOT DISTINCT FROM OLD.{version} AND NEW IS DISTINCT FROM OLD
                        AND current_setting('versioning.writer', true) IS DISTINCT FROM 'on' THEN
                        NEW.{validFrom} := GREATEST({now}, OLD.{validFrom});
                        NEW.{version} := OLD.{version} + 1;
                        IF NEW.{changedBy} IS NOT DISTINCT FROM OLD.{changedBy} THEN
                            NEW.{changedBy} := {Actor};
                        END IF;
                        IF current_setting('versioning.captured', true) IS DISTINCT FROM 'on' THEN
                            PERFORM set_config('versioning.captured', 'on', true);
                        END IF;
                    END IF;
                    RETURN NEW;
                END IF;
                IF current_setting('versioning.writer', true) IS DISTINCT FROM 'on'
                    AND NOT EXISTS (SELECT 1 FROM {historyTable} AS h WHERE {HistoryHas("OLD")}) THEN
                    {Insert("OLD", $"GREATEST({now}, OLD.{validFrom})", Actor)};
                END IF;
                RETURN NULL;
            END
            $versioning$
            """;

        var target = sql.DelimitIdentifier(tableName, schema);
        yield return $"DROP TRIGGER IF EXISTS {Trigger} ON {target}";
        yield return $"CREATE TRIGGER {Trigger} BEFORE INSERT OR UPDATE ON {target} FOR EACH ROW EXECUTE FUNCTION {function}()";
        yield return $"DROP TRIGGER IF EXISTS {StatementTrigger} ON {target}";
        yield return $"CREATE TRIGGER {StatementTrigger} AFTER UPDATE ON {target} REFERENCING OLD TABLE AS versioning_old_rows NEW TABLE AS versioning_new_rows "
            + $"FOR EACH STATEMENT EXECUTE FUNCTION {function}()";
        yield return $"DROP TRIGGER IF EXISTS {DeleteTrigger} ON {target}";
        yield return $"CREATE CONSTRAINT TRIGGER {DeleteTrigger} AFTER DELETE ON {target} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {function}()";
    }

    /// <summary>The deferred delete trigger of the captured tables of <paramref name="schema"/>, as <c>SET CONSTRAINTS</c> names it.</summary>
    public static string DeferredTrigger(string? schema, ISqlGenerationHelper sql) => sql.DelimitIdentifier(DeleteTrigger, schema);

    /// <summary>Drops the capture of a table (its function, and with it the triggers), if it has one.</summary>
    public static string Drop(string table, string? schema, ISqlGenerationHelper sql)
        => $"DROP FUNCTION IF EXISTS {sql.DelimitIdentifier(FunctionName(table), schema)}() CASCADE";

    /// <summary>The function's name: <c>versioning_capture_</c> + the table's name, cut to PostgreSQL's 63 characters.</summary>
    private static string FunctionName(string table)
        => PostgresIdentifier.Named("versioning_capture_", table);
}
