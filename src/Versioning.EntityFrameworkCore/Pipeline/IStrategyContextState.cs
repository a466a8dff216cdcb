namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// What one strategy keeps for a context across saves (the activity log's queued manual activities, say), held by
/// <see cref="VersioningContextState"/> and reset with it when a pooled context is returned or a context is reset.
/// </summary>
internal interface IStrategyContextState
{
    /// <summary>Whether the next save has work to do even when it saves no versioned entity.</summary>
    bool HasPendingWork { get; }

    /// <summary>Forgets everything, as for a new context.</summary>
    void Reset();
}
