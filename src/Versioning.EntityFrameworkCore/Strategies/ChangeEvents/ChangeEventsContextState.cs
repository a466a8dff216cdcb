using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>What change events keep for a context across saves: the custom events raised for the next one.</summary>
internal sealed class ChangeEventsContextState : IStrategyContextState
{
    /// <summary>Custom events (<c>db.RaiseChangeEvent(...)</c>) waiting for the next successful SaveChanges.</summary>
    public List<CustomChangeEvent> Pending { get; } = [];

    public bool HasPendingWork => Pending.Count > 0;

    public void Reset() => Pending.Clear();
}

/// <summary>A custom event raised on an entity's stream: its kind and its data as JSON.</summary>
internal sealed record CustomChangeEvent(object Entity, string Kind, string? Data);
