using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// Hard-deletes soft-deleted rows whose purge date has passed (<c>PurgeAt &lt;= now</c>; a row with no purge date is
/// never purged), one <c>DELETE</c> per entity type, with "now" from the application's <see cref="TimeProvider"/>. What
/// other strategies copied of the rows (temporal history, past audit revisions) is deleted first, in the same
/// transaction, by their <see cref="IPurgeParticipant"/>s; the activity log keeps its rows (it has a retention of its own).
/// </summary>
internal static class SoftDeletePurger
{
    public static async Task<int> PurgeAsync(DbContext context, IEntityType entityType, bool async, CancellationToken cancellationToken)
    {
        var savePlan = VersioningSavePlan.For(context.Model).Find(entityType);
        if (savePlan?.Find<SoftDeletePlan>()?.PurgeAt is not { } purgeAt)
        {
            throw new InvalidOperationException(VersioningStrings.PurgeWithoutRetention(entityType.DisplayName()));
        }

        var now = SaveTimestamp.From(ApplicationServices.Get<TimeProvider>(ApplicationServices.Of(context)) ?? TimeProvider.System);
        var due = SoftDeleteQueries.WhereAtOrBefore(
            SoftDeleteQueries.IncludingDeleted(context, entityType), purgeAt.Property, purgeAt.ToClrValue(now));
        var participants = context.GetService<IEnumerable<IPurgeParticipant>>().ToList();

        // What strategies copied of the rows goes with them, in one transaction (the application's, if it has one), retried
        // as a whole by an execution strategy.
        return async
            ? await context.Database.CreateExecutionStrategy().ExecuteAsync(
                ct => DeleteAsync(context, savePlan, due, participants, async: true, ct), cancellationToken)
            : context.Database.CreateExecutionStrategy().Execute(
                () => DeleteAsync(context, savePlan, due, participants, async: false, default).GetAwaiter().GetResult());
    }

    private static async Task<int> DeleteAsync(
        DbContext context, EntitySavePlan plan, IQueryable due, List<IPurgeParticipant> participants, bool async, CancellationToken cancellationToken)
    {
        var database = context.Database;
        var own = participants.Count > 0 && database.CurrentTransaction == null && System.Transactions.Transaction.Current == null
            ? async ? await database.BeginTransactionAsync(cancellationToken) : database.BeginTransaction()
            : null;
        try
        {
            var copies = 0;
            foreach (var participant in participants)
            {
                copies += await participant.PurgeAsync(context, plan, due, async, cancellationToken);
            }

            var purged = await PurgeQueries.DeleteAsync(due, async, cancellationToken);
            Report(context, plan.EntityType, purged, copies);
            if (own != null)
            {
                if (async)
                {
                    await own.CommitAsync(cancellationToken);
                }
                else
                {
                    own.Commit();
                }
            }

            return purged;
        }
        finally
        {
            if (own != null)
            {
                if (async)
                {
                    await own.DisposeAsync();
                }
                else
                {
                    own.Dispose();
                }
            }
        }
    }

    private static void Report(DbContext context, IEntityType entityType, int purged, int copies)
    {
        context.GetService<VersioningLog>().RowsPurged(entityType.DisplayName(), purged, copies);
        context.GetService<VersioningInstruments>().RowsPurged(entityType.GetTableName() ?? entityType.DisplayName(), purged + copies);
    }

    /// <summary>Purges every entity type with a retention; the counts are keyed by entity type name.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> PurgeAllAsync(DbContext context, bool async, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        foreach (var entityType in context.Model.GetEntityTypes())
        {
            // Roots only: a DELETE on the root covers its derived types' rows.
            if (entityType.BaseType == null && entityType.GetSoftDeletePurgeAfter() != null)
            {
                counts[entityType.Name] = await PurgeAsync(context, entityType, async, cancellationToken);
            }
        }

        return counts;
    }
}
