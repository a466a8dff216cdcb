using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Writes the <see cref="PendingActivityWrite"/> a save kept at the right moment: when EF is about to commit the
/// transaction it began for the save (its batches have run, so generated keys are known, and a failure still rolls
/// everything back and reaches SaveChangesFailed before EF accepts any change), else right after the save, inside the
/// application's own transaction. Puts the application's transaction setting back when the save is over.
/// </summary>
internal static class ActivityLogDeferredWrite
{
    public static void BeforeCommit(DbContext context, DbTransaction transaction)
    {
        if (Take(SaveOf(context), beforeCommit: true) is { } rows)
        {
            Writer(context).Write(context, transaction.Connection!, transaction, rows);
        }
    }

    public static async Task BeforeCommitAsync(DbContext context, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (Take(SaveOf(context), beforeCommit: true) is { } rows)
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
            if (Take(save, beforeCommit: false) is { } rows)
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
            if (Take(save, beforeCommit: false) is { } rows)
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

    private static IReadOnlyList<ActivityLogEntry>? Take(VersioningChangeSet? save, bool beforeCommit)
    {
        var pending = save?.Find<PendingActivityWrite>();
        return pending == null || pending.Count == 0 || (beforeCommit && !pending.BeforeCommit) ? null : pending.TakeRows();
    }

    private static void End(VersioningChangeSet save, bool succeeded)
    {
        if (save.Find<PendingActivityWrite>()?.RestoreBehavior is { } behavior)
        {
            save.Context.Database.AutoTransactionBehavior = behavior;
        }

        if (succeeded)
        {
            save.State.Of<ActivityLogContextState>().PendingActivities.Clear();
        }
    }

    private static IActivityLogWriter Writer(DbContext context) => context.GetService<IActivityLogWriter>();
}
