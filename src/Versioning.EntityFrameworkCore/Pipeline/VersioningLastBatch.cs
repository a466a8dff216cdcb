using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// A batch that ends a save whose strategies keep work for after EF's commands (<see cref="ILastBatchWrite"/>): it
/// holds no EF command (so it counts no entity) and does the work on EF's connection and transaction. A failure
/// becomes a <see cref="DbUpdateException"/> over the entries the rows describe, as a failing command of EF's does.
/// </summary>
internal sealed class VersioningLastBatch(DbContext context, ILastBatchWrite write) : ModificationCommandBatch
{
    public override IReadOnlyList<IReadOnlyModificationCommand> ModificationCommands => [];

    public override bool RequiresTransaction => true;

    public override bool AreMoreBatchesExpected => false;

    public override bool TryAddCommand(IReadOnlyModificationCommand modificationCommand) => false;

    public override void Complete(bool moreBatchesExpected)
    {
    }

    public override void Execute(IRelationalConnection connection)
    {
        try
        {
            write.Write(context, connection.DbConnection, connection.CurrentTransaction?.GetDbTransaction());
        }
        catch (Exception exception) when (exception is not DbUpdateException and not OperationCanceledException)
        {
            throw new DbUpdateException(write.FailureMessage, exception, write.Entries);
        }

        write.Written();
    }

    public override async Task ExecuteAsync(IRelationalConnection connection, CancellationToken cancellationToken = default)
    {
        try
        {
            await write.WriteAsync(context, connection.DbConnection, connection.CurrentTransaction?.GetDbTransaction(), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not DbUpdateException and not OperationCanceledException)
        {
            throw new DbUpdateException(write.FailureMessage, exception, write.Entries);
        }

        write.Written();
    }
}
