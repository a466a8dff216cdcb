using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Writes the set-based activity log rows of a save just before EF commits the transaction of that save: the batches
/// have run (generated keys are known), EF has accepted nothing yet, and the rows still commit or roll back with the change. Stateless: the rows
/// wait in the save in progress (<see cref="VersioningContextState.CurrentSave"/>); any other commit finds nothing to write.
/// </summary>
internal sealed class ActivityLogTransactionInterceptor : DbTransactionInterceptor
{
    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context != null)
        {
            ActivityLogDeferredWrite.BeforeCommit(eventData.Context, transaction);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context != null)
        {
            await ActivityLogDeferredWrite.BeforeCommitAsync(eventData.Context, transaction, cancellationToken);
        }

        return result;
    }
}
