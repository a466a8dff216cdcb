using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>What the activity log keeps for a context: queued manual activities and the rows of the save in progress.</summary>
internal sealed class ActivityLogContextState : IStrategyContextState
{
    /// <summary>Manual activities (<c>db.LogActivity(...)</c>) waiting for the next successful SaveChanges.</summary>
    public List<ManualActivity> PendingActivities { get; } = [];

    /// <summary>Activity log rows of the save in progress that are written set-based (or once generated keys are known).</summary>
    public PendingActivityWrite? PendingWrite { get; set; }

    public bool HasPendingWork => PendingActivities.Count > 0;

    public void Reset()
    {
        PendingActivities.Clear();
        PendingWrite = null;
    }
}
