using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.TemporalHistory;

/// <summary>
/// The triggers that capture writes bypassing EF into a temporal table's history (<c>HasDatabaseCapture()</c>): one
/// PL/pgSQL function per table, generated from the model (static SQL, so PostgreSQL plans it once per session), run
/// <c>BEFORE INSERT OR UPDATE</c> and, as a constraint trigger deferred to the commit, <c>AFTER DELETE</c>.
/// </summary>
/// <remarks>
/// <para>
/// A raw <c>UPDATE</c> that changes the row but not its version gets a history row with the old values, its period
/// closed at the transaction's time (or at the stored start when that is later) and the actor of the transaction-local
/// setting <c>versioning.actor</c>; the row starts its next version. An update that sets the version itself is a
/// versioned write already (Versioning's saves and bulk statements always do), so it is left alone. A raw
/// <c>INSERT</c> without a version starts version 1 now.
/// </para>
/// <para>
/// A raw <c>DELETE</c> is captured at the commit, when Versioning's own delete of the same row has written its history
/// row (in EF's batch, possibly after EF's DELETE): the trigger writes one only when the history has none for the
/// deleted version, so no delete is recorded twice. Versioning's purges set <c>versioning.writer</c> in their
/// transaction, which the delete branch respects.
/// </para>
/// </remarks>
internal static class TemporalHistoryCapture
{
    private const string Trigger = "versioning_capture";
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
        var now = TemporalHistoryNpgsqlStrategy.IsWithoutTimeZone(plan.ValidFrom.Property.GetColumnType(table)) ? "(now() AT TIME ZONE 'UTC')" : "now()";
        var end = $"GREATEST({now}, OLD.{validFrom})";
        var insertHistory = new StringBuilder("INSERT INTO ").Append(historyTable).Append(" (")
            .AppendJoin(", ", plan.HistoryProperties.Select(HistoryColumn))
            .Append(", ").Append(HistoryColumn(plan.History.GetProperty(TemporalPropertyNames.ValidTo)))
            .Append(", ").Append(HistoryColumn(plan.History.GetProperty(TemporalPropertyNames.ChangedBy)))
            .Append(") VALUES (").AppendJoin(", ", plan.MirroredProperties.Select(p => "OLD." + Column(p)))
            .Append(", ").Append(end).Append(", NULLIF(current_setting('versioning.actor', true), ''))")
            .ToString();
        var historyKey = string.Join(
            " AND ",
            plan.Key.Properties.Select(p => $"{HistoryColumn(plan.History.GetProperty(p.Name))} = OLD.{Column(p)}")
                .Append($"{HistoryColumn(plan.History.GetProperty(TemporalPropertyNames.Version))} = OLD.{version}"));

        yield return $"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $versioning$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF NEW.{version} IS NULL THEN
                        NEW.{version} := 1;
                        NEW.{validFrom} := COALESCE(NEW.{validFrom}, {now});
                    END IF;
                    RETURN NEW;
                ELSIF TG_OP = 'UPDATE' THEN
                    IF NEW.{version} IS DISTINCT FROM OLD.{version} OR NEW IS NOT DISTINCT FROM OLD THEN
                        RETURN NEW;
                    END IF;
                    {insertHistory};
                    NEW.{validFrom} := {end};
                    NEW.{version} := OLD.{version} + 1;
                    RETURN NEW;
                END IF;
                IF current_setting('versioning.writer', true) IS DISTINCT FROM 'on'
                    AND NOT EXISTS (SELECT 1 FROM {historyTable} WHERE {historyKey}) THEN
                    {insertHistory};
                END IF;
                RETURN NULL;
            END
            $versioning$
            """;

        var target = sql.DelimitIdentifier(tableName, schema);
        yield return $"DROP TRIGGER IF EXISTS {Trigger} ON {target}";
        yield return $"CREATE TRIGGER {Trigger} BEFORE INSERT OR UPDATE ON {target} FOR EACH ROW EXECUTE FUNCTION {function}()";
        yield return $"DROP TRIGGER IF EXISTS {DeleteTrigger} ON {target}";
        yield return $"CREATE CONSTRAINT TRIGGER {DeleteTrigger} AFTER DELETE ON {target} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {function}()";
    }

    /// <summary>Drops the capture of a table (its function, and with it the triggers), if it has one.</summary>
    public static string Drop(string table, string? schema, ISqlGenerationHelper sql)
        => $"DROP FUNCTION IF EXISTS {sql.DelimitIdentifier(FunctionName(table), schema)}() CASCADE";

    /// <summary>The function's name: <c>versioning_capture_</c> + the table's name, cut to PostgreSQL's 63 characters.</summary>
    private static string FunctionName(string table)
    {
        var name = "versioning_capture_" + table;
        return name.Length <= 63 ? name : name[..63];
    }
}
