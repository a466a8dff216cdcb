using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>What the activity log keeps for a context across saves: the manual activities queued for the next one.</summary>
internal sealed class ActivityLogContextState : IStrategyContextState
{
    /// <summary>Manual activities (<c>db.LogActivity(...)</c>) waiting for the next successful SaveChanges.</summary>
    public List<ManualActivity> PendingActivities { get; } = [];

    public bool HasPendingWork => PendingActivities.Count > 0;

    public void Reset()
    {
        PendingActivities.Clear();
    }
}
