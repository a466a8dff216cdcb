using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ChangeEvents;

/// <summary>
/// The trigger that wakes the relay: after each statement that inserts into the outbox, <c>pg_notify</c> on
/// <see cref="Channel"/> with the table's name. PostgreSQL delivers it when the transaction commits (never for a
/// rollback) and folds the identical notifications of one transaction into one, so a save costs one notification
/// whatever its number of events; an insert by another application wakes the relay too.
/// </summary>
internal static class ChangeEventsNotification
{
    /// <summary>The channel the relay listens on.</summary>
    public const string Channel = "versioning_change_events";

    public static IEnumerable<string> Create(string table, string? schema, ISqlGenerationHelper sql)
    {
        var function = sql.DelimitIdentifier(FunctionName(table), schema);
        yield return $"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $versioning$
            BEGIN
                PERFORM pg_notify('{Channel}', TG_TABLE_NAME);
                RETURN NULL;
            END
            $versioning$
            """;
        yield return $"DROP TRIGGER IF EXISTS versioning_notify ON {sql.DelimitIdentifier(table, schema)}";
        yield return $"CREATE TRIGGER versioning_notify AFTER INSERT ON {sql.DelimitIdentifier(table, schema)} FOR EACH STATEMENT EXECUTE FUNCTION {function}()";
    }

    public static string Drop(string table, string? schema, ISqlGenerationHelper sql)
        => $"DROP FUNCTION IF EXISTS {sql.DelimitIdentifier(FunctionName(table), schema)}() CASCADE";

    /// <summary>The function's name: <c>versioning_notify_</c> + the table's name, cut to PostgreSQL's 63 characters.</summary>
    private static string FunctionName(string table)
        => PostgresIdentifier.Named("versioning_notify_", table);
}
