using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Writes the <see cref="PendingActivityWrite"/> a save kept at the right moment: when EF is about to commit the
/// transaction it began for the save (its batches have run, so generated keys are known, and a failure still rolls
/// everything back and reaches SaveChangesFailed before EF accepts any change; each attempt of an execution strategy
/// writes them again), else right after the save, inside the application's own transaction.
/// </summary>
/// <remarks>
/// Inside the application's transaction EF gives no moment between its last command and its acceptance of the changes
/// that can fail the save: it ignores failures when it releases the savepoint of the save. So those rows are written
/// after EF accepted the changes; a failure there is thrown from SaveChanges, and the application's transaction, which
/// it must then roll back, loses the whole save.
/// </remarks>
internal static class ActivityLogDeferredWrite
{
    public static void BeforeCommit(DbContext context, DbTransaction transaction)
    {
        if (Take(SaveOf(context), atCommit: true) is { } rows)
        {
            Writer(context).Write(context, transaction.Connection!, transaction, rows);
        }
    }

    public static async Task BeforeCommitAsync(DbContext context, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (Take(SaveOf(context), atCommit: true) is { } rows)
        {
            await Writer(context).WriteAsync(context, transaction.Connection!, transaction, rows, cancellationToken);
        }
    }

    /// <summary>After a successful save: writes what no commit has carried yet and ends the save.</summary>
    public static void AfterSave(VersioningChangeSet save)
    {
        var context = save.Context;
        try
        {
            if (Take(save, atCommit: false) is { } rows)
            {
                var database = context.Database;
                database.OpenConnection();
                try
                {
                    Writer(context).Write(context, database.GetDbConnection(), database.CurrentTransaction?.GetDbTransaction(), rows);
                }
                finally
                {
                    database.CloseConnection();
                }
            }
        }
        finally
        {
            End(save, succeeded: true);
        }
    }

    /// <inheritdoc cref="AfterSave"/>
    public static async Task AfterSaveAsync(VersioningChangeSet save, CancellationToken cancellationToken)
    {
        var context = save.Context;
        try
        {
            if (Take(save, atCommit: false) is { } rows)
            {
                var database = context.Database;
                await database.OpenConnectionAsync(cancellationToken);
                try
                {
                    await Writer(context).WriteAsync(
                        context, database.GetDbConnection(), database.CurrentTransaction?.GetDbTransaction(), rows, cancellationToken);
                }
                finally
                {
                    await database.CloseConnectionAsync();
                }
            }
        }
        finally
        {
            End(save, succeeded: true);
        }
    }

    /// <summary>After a failed save: forgets the rows (the retry builds them again) and keeps the manual activities.</summary>
    public static void Abandon(VersioningChangeSet save)
        => End(save, succeeded: false);

    // The save whose transaction commits: another commit (the application's own, between saves) finds none.
    private static VersioningChangeSet? SaveOf(DbContext context) => context.GetService<VersioningContextState>().CurrentSave;

    // At EF's commit (each attempt of it, as an execution strategy retries the save) when EF's own transaction carries
    // the rows, else after the save (inside the application's transaction, or when EF had nothing to write and began
    // no transaction).
    private static IReadOnlyList<ActivityLogEntry>? Take(VersioningChangeSet? save, bool atCommit)
    {
        var pending = save?.Find<PendingActivityWrite>();
        if (pending == null || pending.Count == 0)
        {
            return null;
        }

        if (atCommit)
        {
            if (!pending.BeforeCommit)
            {
                return null;
            }

            pending.Written = true;
        }
        else if (pending.Written)
        {
            return null;
        }

        return pending.Rows();
    }

    private static void End(VersioningChangeSet save, bool succeeded)
    {
        if (save.Find<PendingActivityWrite>()?.RestoreBehavior is { } behavior)
        {
            save.Context.Database.AutoTransactionBehavior = behavior;
        }

        if (succeeded)
        {
            // Written. Should the save turn out not to accept its changes and be retried, its undo queues them again.
            var activities = save.State.Of<ActivityLogContextState>().PendingActivities;
            var written = activities.ToArray();
            activities.Clear();
            if (written.Length > 0)
            {
                save.UndoLog.Record(() => activities.InsertRange(0, written));
            }
        }
    }

    private static IActivityLogWriter Writer(DbContext context) => context.GetService<IActivityLogWriter>();
}
