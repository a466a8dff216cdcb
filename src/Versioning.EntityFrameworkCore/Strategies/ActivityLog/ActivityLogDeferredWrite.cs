using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// The end of a save for the activity log: writes the <see cref="PendingActivityWrite"/> no last batch of EF's save
/// wrote (EF wrote nothing at all: a save of manual activities alone) and takes the written manual activities off the context's queue.
/// </summary>
internal static class ActivityLogDeferredWrite
{
    /// <summary>After a successful save: writes what no batch wrote and ends the save.</summary>
    public static void AfterSave(VersioningChangeSet save)
    {
        var context = save.Context;
        try
        {
            if (Unwritten(save) is { } pending)
            {
                var database = context.Database;
                database.OpenConnection();
                try
                {
                    pending.Write(context, database.GetDbConnection(), database.CurrentTransaction?.GetDbTransaction());
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
            if (Unwritten(save) is { } pending)
            {
                var database = context.Database;
                await database.OpenConnectionAsync(cancellationToken);
                try
                {
                    await pending.WriteAsync(context, database.GetDbConnection(), database.CurrentTransaction?.GetDbTransaction(), cancellationToken);
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

    private static PendingActivityWrite? Unwritten(VersioningChangeSet save)
        => save.Find<PendingActivityWrite>() is { HasWork: true, IsWritten: false } pending ? pending : null;

    private static void End(VersioningChangeSet save, bool succeeded)
    {
        if (succeeded)
        {
            save.Dequeue(save.State.Of<ActivityLogContextState>().PendingActivities);
        }
    }
}
