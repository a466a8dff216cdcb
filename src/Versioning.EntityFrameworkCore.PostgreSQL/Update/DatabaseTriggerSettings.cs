using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// The transaction-local settings the database's capture triggers read (<c>HasDatabaseCapture()</c>): who, why and
/// under which correlation id a transaction writes (<c>versioning.actor</c>, <c>versioning.reason</c>,
/// <c>versioning.correlation_id</c>), and <c>versioning.writer</c>, set while Versioning writes rows the triggers must
/// leave alone (a purge's deletes).
/// </summary>
internal static class DatabaseTriggerSettings
{
    private const string HasCaptureAnnotation = "Versioning:HasDatabaseCapture";

    /// <summary>A statement (no result set, no rows affected) that marks the transaction's writes as Versioning's own.</summary>
    public const string MarkOwnWrites = "DO $versioning$BEGIN PERFORM set_config('versioning.writer', 'on', true); END$versioning$";

    /// <summary>A statement (no result set, no rows affected) that ends <see cref="MarkOwnWrites"/>.</summary>
    public const string UnmarkOwnWrites = "DO $versioning$BEGIN PERFORM set_config('versioning.writer', '', true); END$versioning$";

    /// <summary>
    /// <paramref name="statement"/> (one of Versioning's own writes, such as a purge's delete) run as Versioning's own:
    /// the capture triggers deferred to the commit run immediately around it
    /// (<see cref="NpgsqlVersioningStrategy.DeferredCaptureTriggers"/>), and the mark is set for the statement only, so
    /// the application's raw SQL before or after it in the same transaction is still captured.
    /// </summary>
    public static string AsOwnWrite(string statement, IModel model, ISqlGenerationHelper sql)
    {
        var deferred = string.Join(", ", NpgsqlVersioningStrategies.All.SelectMany(s => s.DeferredCaptureTriggers(model, sql)).Distinct());
        var immediate = deferred.Length == 0 ? "" : $"SET CONSTRAINTS {deferred} IMMEDIATE;\n";
        var deferredAgain = deferred.Length == 0 ? "" : $";\nSET CONSTRAINTS {deferred} DEFERRED";
        return $"{immediate}{MarkOwnWrites};\n{statement};\n{UnmarkOwnWrites}{deferredAgain}";
    }

    /// <summary>
    /// The comment a statement Versioning sends for a save or a bulk statement starts with on a table with capture
    /// triggers: the triggers that would log the statement's rows again find it at the start of <c>current_query()</c> and leave them
    /// to the statement, which writes them itself. Raw SQL without it is captured; SQL that carries it is taken as
    /// Versioning's own, as with <c>versioning.writer</c>.
    /// </summary>
    public const string OwnStatementMarker = "/* versioning */ ";

    /// <summary>Whether rows of <paramref name="entityType"/> are written under capture triggers: Versioning marks its statements on them.</summary>
    public static bool MarksStatementsOn(IEntityType entityType)
        => HasCapture(entityType.Model) && entityType.GetRootType().IsDatabaseCaptured();

    /// <summary>Whether some entity type of the model has capture triggers (computed once per model).</summary>
    public static bool HasCapture(IModel model)
        => model.GetOrAddRuntimeAnnotationValue(
            HasCaptureAnnotation, static m => m!.GetEntityTypes().Any(e => e.IsDatabaseCaptured()), model);

    /// <summary>The actor, correlation id and reason of a transaction, transaction-local, for the triggers.</summary>
    public static IEnumerable<DatabaseSetting> Of(string? actor, string? correlationId, string? reason)
        =>
        [
            new("versioning.actor", actor ?? "", Local: true),
            new("versioning.correlation_id", correlationId ?? "", Local: true),
            new("versioning.reason", reason ?? "", Local: true),
        ];

    /// <summary>One statement that sets <paramref name="settings"/> (<c>set_config</c>, values as parameters).</summary>
    public static DbCommand SetCommand(DbConnection connection, DbTransaction? transaction, IReadOnlyList<DatabaseSetting> settings)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT " + string.Join(
            ", ", settings.Select((s, i) => $"set_config('{s.Name}', @p{i}, {(s.Local ? "true" : "false")})"));
        for (var i = 0; i < settings.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameter.Value = settings[i].Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

/// <summary>A setting of the database session: <c>set_config(name, value, local)</c>.</summary>
/// <param name="Name">The setting's name (a constant of Versioning's).</param>
/// <param name="Value">Its value (empty for none).</param>
/// <param name="Local">Whether it ends with the transaction.</param>
internal sealed record DatabaseSetting(string Name, string Value, bool Local);
