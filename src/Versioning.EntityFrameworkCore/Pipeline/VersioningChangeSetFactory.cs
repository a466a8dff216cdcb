using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// Builds the change set of one save: detects changes once, keeps the added, modified and deleted entries of
/// versioned types, and fixes the timestamp, actor and scope. Returns <see langword="null"/> when nothing versioned
/// is saved and no manual activity waits, which is the whole cost for entities without a strategy.
/// </summary>
internal static class VersioningChangeSetFactory
{
    public static VersioningChangeSet? Create(DbContext context)
    {
        var plan = VersioningSavePlan.For(context.Model);
        if (plan.IsEmpty)
        {
            return null;
        }

        // A retry of a save that did not accept its changes starts from the tracker as the application left it.
        var state = context.GetService<VersioningContextState>();
        state.ForgetUnacceptedSave();

        List<VersionedEntry>? entries = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            var entityState = entry.State;
            if (entityState is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && plan.Find(entry.Metadata) is { } entityPlan)
            {
                (entries ??= []).Add(new VersionedEntry(entry, entityState, entityPlan));
            }
        }

        if (entries == null && !state.HasPendingStrategyWork)
        {
            return null;
        }

        return new VersioningChangeSet(context, state, entries ?? [], ChangeContext.Resolve(context, state), new ChangeTrackerUndoLog());
    }
}
