using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Deletes activity log rows older than the model's retention, oldest first, one bounded statement at a time
/// (<c>DELETE … WHERE id IN (SELECT id … ORDER BY timestamp LIMIT n)</c>): each batch commits on its own (outside an
/// application transaction), so a large purge never holds one giant lock, and an interrupted purge just resumes.
/// </summary>
internal static class ActivityLogPurger
{
    public static int Purge(DbContext context, int batchSize)
    {
        var (log, cutoff) = Prepare(context, batchSize);
        int total = 0, deleted;
        do
        {
            deleted = Batch(log, cutoff, batchSize).ExecuteDelete();
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }

    public static async Task<int> PurgeAsync(DbContext context, int batchSize, CancellationToken cancellationToken)
    {
        var (log, cutoff) = Prepare(context, batchSize);
        int total = 0, deleted;
        do
        {
            deleted = await Batch(log, cutoff, batchSize).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }

    private static (DbSet<ActivityLogEntry> Log, DateTime Cutoff) Prepare(DbContext context, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ActivityLogTableMap.For(context); // a clear error when the model has no log
        var retention = context.Model.GetActivityLogRetention()
            ?? throw new InvalidOperationException(VersioningStrings.NoActivityRetention(TypeDisplayNames.Of(context.GetType())));
        var clock = ApplicationServices.Get<TimeProvider>(ApplicationServices.Of(context)) ?? TimeProvider.System;
        return (context.Set<ActivityLogEntry>(), SaveTimestamp.From(clock) - retention);
    }

    // Retention is the model's, not a tenant's: the purge deletes every tenant's expired rows, past any filter of the log.
    private static IQueryable<ActivityLogEntry> Batch(DbSet<ActivityLogEntry> log, DateTime cutoff, int batchSize)
        => log.IgnoreQueryFilters().Where(l => log.IgnoreQueryFilters().Where(o => o.Timestamp < cutoff).OrderBy(o => o.Timestamp).Take(batchSize).Select(o => o.Id).Contains(l.Id));
}
