using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline.Batching;

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

    private readonly List<IStrategyContextState> _strategyStates = [];

    /// <summary>The state a strategy keeps for this context, created on first use.</summary>
    /// <typeparam name="TState">The strategy's state type.</typeparam>
    public TState Of<TState>()
        where TState : class, IStrategyContextState, new()
    {
        foreach (var state in _strategyStates)
        {
            if (state is TState found)
            {
                return found;
            }
        }

        var created = new TState();
        _strategyStates.Add(created);
        return created;
    }

    /// <summary>Whether a strategy has work for the next save even when it saves no versioned entity.</summary>
    public bool HasPendingStrategyWork
    {
        get
        {
            foreach (var state in _strategyStates)
            {
                if (state.HasPendingWork)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The rows of the save in progress that the provider's command batches write, if any.</summary>
    public BatchedWrites? BatchedWrites { get; set; }

    public void ResetState()
    {
        CurrentScope = null;
        PendingUndo = null;
        RestoreAutoDetectChanges = false;
        foreach (var state in _strategyStates)
        {
            state.Reset();
        }

        BatchedWrites = null;
    }

    public Task ResetStateAsync(CancellationToken cancellationToken = default)
    {
        ResetState();
        return Task.CompletedTask;
    }
}
