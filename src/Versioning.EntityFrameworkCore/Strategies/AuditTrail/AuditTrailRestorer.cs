using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// Brings back the values of a past revision: copies revision n's application values (not its key nor any bookkeeping)
/// onto the tracked current revision, so that the next SaveChanges writes them as a new revision. History is never
/// rewritten: revision n stays as it is.
/// </summary>
internal static class AuditTrailRestorer
{
    public static async Task RestoreAsync<TEntity>(DbContext context, TEntity entity, int revision, bool async, CancellationToken cancellationToken)
        where TEntity : class
    {
        var entry = context.Entry(entity);
        var entityType = entry.Metadata;
        var audit = AuditTrailQueries.PlanOf(entityType, "RestoreRevision");
        if (entry.State == EntityState.Detached)
        {
            entry.State = EntityState.Unchanged;
        }

        var key = entry.OriginalValues[audit.Key]!;
        if (entry.OriginalValues[audit.IsCurrent] is not true)
        {
            throw new InvalidOperationException(VersioningStrings.RestoreRevisionOfPastRevision(entityType.DisplayName(), key));
        }

        var set = entityType.HasSharedClrType ? context.Set<TEntity>(entityType.Name) : context.Set<TEntity>();
        var old = (async ? await set.AtRevisionAsync(key, revision, cancellationToken) : set.AtRevision(key, revision))
            ?? throw new InvalidOperationException(VersioningStrings.RevisionNotFound(entityType.DisplayName(), key, revision));

        var oldValues = context.Entry(old).CurrentValues;
        foreach (var property in audit.Values)
        {
            entry.CurrentValues[property] = oldValues[property];
        }

        // Restoring the values the entity already has is still a restore the user asked for: record it as a revision.
        if (entry.State == EntityState.Unchanged)
        {
            foreach (var property in audit.Values)
            {
                entry.Property(property).IsModified = true;
            }
        }
    }
}
