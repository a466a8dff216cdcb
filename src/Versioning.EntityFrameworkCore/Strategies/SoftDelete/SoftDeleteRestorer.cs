using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// Undeletes an entity: clears its five soft-delete values on the tracked entry (the next SaveChanges writes them) and
/// does the same for what was deleted with it. "Deleted with it" means: reachable through a cascading relationship,
/// soft-deletable, and flagged with the principal's exact <c>DeletedAt</c> and <c>DeletedBy</c> — the one timestamp of
/// the save that deleted them together (microsecond precision, shared by every row of that save). A dependent deleted
/// in another save keeps its deletion.
/// </summary>
internal static class SoftDeleteRestorer
{
    public static async Task RestoreAsync(DbContext context, object entity, bool async, CancellationToken cancellationToken)
    {
        var entry = context.Entry(entity);
        var plans = VersioningSavePlan.For(context.Model);
        var plan = plans.Find(entry.Metadata)?.Find<SoftDeletePlan>()
            ?? throw new InvalidOperationException(VersioningStrings.RestoreNotSoftDeletable(entry.Metadata.DisplayName()));
        if (entry.State == EntityState.Detached)
        {
            entry.State = EntityState.Unchanged;
        }

        if (entry.CurrentValues[plan.IsDeleted] is not true)
        {
            throw new InvalidOperationException(VersioningStrings.RestoreNotDeleted(entry.Metadata.DisplayName()));
        }

        await RestoreWithDependentsAsync(context, plans, entry, plan, async, cancellationToken);
    }

    private static async Task RestoreWithDependentsAsync(
        DbContext context, VersioningSavePlan plans, EntityEntry entry, SoftDeletePlan plan, bool async, CancellationToken cancellationToken)
    {
        var deletedAt = entry.CurrentValues[plan.DeletedAt.Property];
        var deletedBy = entry.CurrentValues[plan.DeletedBy];
        foreach (var property in plan.Bookkeeping)
        {
            entry.CurrentValues[property] = property == plan.IsDeleted ? false : null;
        }

        foreach (var foreignKey in plan.CascadingForeignKeys)
        {
            if (plans.Find(foreignKey.DeclaringEntityType)?.Find<SoftDeletePlan>() is not { } dependentPlan)
            {
                continue;
            }

            List<(IProperty, object?)> conditions =
            [
                .. foreignKey.Properties.Select((p, i) => (p, entry.CurrentValues[foreignKey.PrincipalKey.Properties[i]])),
                (dependentPlan.IsDeleted, true),
                (dependentPlan.DeletedAt.Property, deletedAt),
                (dependentPlan.DeletedBy, deletedBy),
            ];
            var query = SoftDeleteQueries.WhereEqual(SoftDeleteQueries.IncludingDeleted(context, foreignKey.DeclaringEntityType), conditions);
            var dependents = async ? await ToListAsync(query, cancellationToken) : [.. query.Cast<object>()];
            foreach (var dependent in dependents)
            {
                var dependentEntry = context.Entry(dependent);
                if (dependentEntry.CurrentValues[dependentPlan.IsDeleted] is true)
                {
                    await RestoreWithDependentsAsync(
                        context, plans, dependentEntry, plans.Find(dependentEntry.Metadata)!.Find<SoftDeletePlan>()!, async, cancellationToken);
                }
            }
        }
    }

    private static async Task<List<object>> ToListAsync(IQueryable query, CancellationToken cancellationToken)
    {
        var list = new List<object>();
        await foreach (var item in ((IAsyncEnumerable<object>)query.Cast<object>()).WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }
}
