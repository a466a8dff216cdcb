using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

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

    /// <summary>Whether some entity type of the model has capture triggers (computed once per model).</summary>
    public static bool HasCapture(IModel model)
        => model.GetOrAddRuntimeAnnotationValue(
            HasCaptureAnnotation, static m => m!.GetEntityTypes().Any(e => e.IsDatabaseCaptured()), model);

    /// <summary>A command that sets the actor, correlation id and reason of the transaction, for the triggers.</summary>
    public static DbCommand SetCommand(DbTransaction transaction, string? actor, string? correlationId, string? reason)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT set_config('versioning.actor', @actor, true), set_config('versioning.correlation_id', @correlation, true), "
            + "set_config('versioning.reason', @reason, true)";
        Add(command, "actor", actor);
        Add(command, "correlation", correlationId);
        Add(command, "reason", reason);
        return command;
    }

    private static void Add(DbCommand command, string name, string? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? "";
        command.Parameters.Add(parameter);
    }
}
