using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline.Batching;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// What Versioning remembers for one context instance: the open change scope, and the undo log of the save in
/// progress. It is a scoped service of EF's internal provider, so it lives and dies with the context (like EF's
/// own state manager) and the interceptor stays stateless. Reset when a pooled context is returned.
/// </summary>
internal sealed class VersioningContextState : IResettableService
{
    public ChangeScope? CurrentScope { get; set; }

    /// <summary>The changes the pipeline made to the change tracker during the save in progress, if any.</summary>
    public ChangeTrackerUndoLog? PendingUndo { get; set; }

    /// <summary>
    /// Whether the pipeline switched automatic change detection off for the save in progress (after detecting changes
    /// itself), so that EF does not scan the tracker a second time; it is switched back on when the save ends.
    /// </summary>
    public bool RestoreAutoDetectChanges { get; set; }

    /// <summary>Manual activities (<c>db.LogActivity(...)</c>) waiting for the next successful SaveChanges.</summary>
    public List<ManualActivity> PendingActivities { get; } = [];

    /// <summary>Activity log rows of the save in progress that are written set-based (or once generated keys are known).</summary>
    public PendingActivityWrite? PendingActivityWrite { get; set; }

    /// <summary>The rows of the save in progress that the provider's command batches write, if any.</summary>
    public BatchedWrites? BatchedWrites { get; set; }

    public void ResetState()
    {
        CurrentScope = null;
        PendingUndo = null;
        RestoreAutoDetectChanges = false;
        PendingActivities.Clear();
        PendingActivityWrite = null;
        BatchedWrites = null;
    }

    public Task ResetStateAsync(CancellationToken cancellationToken = default)
    {
        ResetState();
        return Task.CompletedTask;
    }
}
