using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// Hard-deletes soft-deleted rows whose purge date has passed (<c>PurgeAt &lt;= now</c>; a row with no purge date is
/// never purged), one <c>DELETE</c> per entity type, with "now" from the application's <see cref="TimeProvider"/>.
/// </summary>
internal static class SoftDeletePurger
{
    public static async Task<int> PurgeAsync(DbContext context, IEntityType entityType, bool async, CancellationToken cancellationToken)
    {
        var plan = VersioningSavePlan.For(context.Model).Find(entityType)?.Find<SoftDeletePlan>();
        if (plan?.PurgeAt is not { } purgeAt)
        {
            throw new InvalidOperationException(VersioningStrings.PurgeWithoutRetention(entityType.DisplayName()));
        }

        var now = SaveTimestamp.From(ApplicationServices.Get<TimeProvider>(ApplicationServices.Of(context)) ?? TimeProvider.System);
        var due = SoftDeleteQueries.WhereAtOrBefore(
            SoftDeleteQueries.IncludingDeleted(context, entityType), purgeAt.Property, purgeAt.ToClrValue(now));
        return async
            ? await SoftDeleteQueries.ExecuteHardDeleteAsync(due, cancellationToken)
            : SoftDeleteQueries.ExecuteHardDelete(due);
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
