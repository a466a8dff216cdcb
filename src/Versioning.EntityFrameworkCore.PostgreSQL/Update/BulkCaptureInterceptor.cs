using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// Runs a bulk statement whose rows strategies capture as the one statement <see cref="BulkCaptureStatement"/> builds
/// around EF's, and returns the rows it changed as EF counts them. While such a statement runs, the context's
/// <see cref="VersioningContextState.PendingBulkCapture"/> says what its rows need (the query compiler sets it for the
/// execution and forgets it when the statement ends), so its command is the one command of an <c>ExecuteUpdate</c> or
/// <c>ExecuteDelete</c> source EF runs then, once per attempt of an execution strategy. EF writes no query tags for an
/// <c>ExecuteUpdate</c>, so the command is not recognised by a tag. A purge's delete in a model with capture triggers is
/// marked as Versioning's own write (<see cref="DatabaseTriggerSettings.MarkOwnWrites"/>), and so is a rewritten statement on a
/// table with capture triggers (<see cref="DatabaseTriggerSettings.OwnStatementMarker"/>). Stateless; other commands pass
/// untouched.
/// </summary>
internal sealed class BulkCaptureInterceptor(IEnumerable<IBulkCaptureWriter> writers) : DbCommandInterceptor
{
    private readonly INpgsqlBulkCaptureWriter[] _writers = [.. writers.OfType<INpgsqlBulkCaptureWriter>()];

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        => Prepare(command, eventData)
            ? InterceptionResult<int>.SuppressWithResult(Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture))
            : result;

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        => Prepare(command, eventData)
            ? InterceptionResult<int>.SuppressWithResult(
                Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture))
            : result;

    /// <summary>Turns the command of a capturing bulk statement into the statement that also writes the rows; returns whether it did.</summary>
    private bool Prepare(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource is not (CommandSource.ExecuteUpdate or CommandSource.ExecuteDelete) || eventData.Context is not { } context)
        {
            return false;
        }

        var state = context.GetService<VersioningContextState>();
        if (state.PendingBulkCapture is not { } capture)
        {
            // A purge's delete is Versioning's own write: capture triggers leave its rows alone (EF runs it as written).
            if (state.PurgeStatementPending && DatabaseTriggerSettings.HasCapture(context.Model))
            {
                command.CommandText = DatabaseTriggerSettings.AsOwnWrite(command.CommandText, context.Model, context.GetService<ISqlGenerationHelper>());
            }

            return false;
        }

        var statement = BulkCaptureStatement.Build(context, command.CommandText, capture, command, context.GetService<ISqlGenerationHelper>(), _writers);
        command.CommandText = DatabaseTriggerSettings.MarksStatementsOn(capture.EntityType)
            ? DatabaseTriggerSettings.OwnStatementMarker + statement
            : statement;
        return true;
    }
}
