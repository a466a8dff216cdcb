using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// What Versioning remembers for one context instance: the open change scope, the save in progress (one
/// <see cref="VersioningChangeSet"/>, from SavingChanges until the save succeeds or fails) and what strategies keep
/// across saves. It is a scoped service of EF's internal provider, so it lives and dies with the context (like EF's own
/// state manager) and the interceptor stays stateless; EF resets it when a pooled context is returned or a context is
/// reset, so nothing of one lease reaches the next.
/// </summary>
internal sealed class VersioningContextState : IResettableService
{
    private readonly List<IStrategyContextState> _strategyStates = [];

    public ChangeScope? CurrentScope { get; set; }

    /// <summary>
    /// The services of the DI scope the context is used in, when the application bound one (a pooled context, or one
    /// from a context factory: EF creates those from the root provider); <see langword="null"/> otherwise.
    /// </summary>
    public IServiceProvider? ScopedServices { get; set; }

    /// <summary>
    /// The save in progress, with everything about it (its entries, undo log, the rows EF's batches write); <see
    /// langword="null"/> between saves.
    /// </summary>
    public VersioningChangeSet? CurrentSave { get; set; }

    /// <summary>
    /// The last save, when it succeeded without EF accepting its changes (<c>SaveChanges(acceptAllChangesOnSuccess:
    /// false)</c>): until the application accepts them, its next save is a retry of that one (after a rollback), which
    /// must start from the tracker as the application left it, so the save's undo log is kept.
    /// </summary>
    public VersioningChangeSet? UnacceptedSave { get; set; }

    /// <summary>
    /// What the bulk statement being executed must also write, from the query compiler's rewrite of it to the provider's
    /// command interceptor that writes it; <see langword="null"/> otherwise.
    /// </summary>
    public Query.BulkCapture? PendingBulkCapture { get; set; }

    /// <summary>
    /// Whether the bulk statement being executed is one of a purge's deletes (of rows whose retention ended, or of what
    /// strategies copied of them), which a provider may mark as Versioning's own write for the database's triggers.
    /// </summary>
    public bool PurgeStatementPending { get; set; }

    /// <summary>
    /// Before a save: if the last one was saved without accepting and the application has not accepted it since, puts
    /// the tracker back as the application left it before that save, so that this one writes everything once.
    /// </summary>
    public void ForgetUnacceptedSave()
    {
        if (UnacceptedSave is { } unaccepted)
        {
            UnacceptedSave = null;
            if (unaccepted.SavedWithoutAccepting)
            {
                unaccepted.UndoLog.Undo();
            }
        }
    }

    /// <summary>The state a strategy keeps for this context across saves, created on first use.</summary>
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

    public void ResetState()
    {
        CurrentScope = null;
        ScopedServices = null;
        CurrentSave = null;
        UnacceptedSave = null;
        PendingBulkCapture = null;
        PurgeStatementPending = false;
        foreach (var state in _strategyStates)
        {
            state.Reset();
        }
    }

    public Task ResetStateAsync(CancellationToken cancellationToken = default)
    {
        ResetState();
        return Task.CompletedTask;
    }
}
