using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Diagnostics;
using Versioning.EntityFrameworkCore.Pipeline.Rows;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// The one SaveChanges interceptor of Versioning. Before EF saves, it builds the change set, runs the strategy
/// handlers in their fixed order and then the save's row writer (<see cref="IVersioningRowWriter"/>), which puts the
/// rows they stated into EF's own batch and transaction. When the save fails it undoes what the handlers did, so the
/// application can retry. It holds no state: everything about
/// a save lives in its <see cref="VersioningChangeSet"/>, which the context's <see cref="VersioningContextState"/> holds
/// until the save ends.
/// </summary>
internal sealed class VersioningSaveChangesInterceptor : SaveChangesInterceptor
{
    private readonly IVersioningHandler[] _handlers;
    private readonly IVersioningRowWriter _rowWriter;
    private readonly VersioningInstruments _instruments;

    public VersioningSaveChangesInterceptor(
        IEnumerable<IVersioningHandler> handlers, IEnumerable<IVersioningRowWriter> rowWriters, VersioningInstruments instruments)
    {
        _handlers = [.. handlers.OrderBy(h => h.Order)];
        _rowWriter = EntityRowWriter.Or(rowWriters);
        _instruments = instruments;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Version(eventData.Context, async: false, default).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await Version(eventData.Context, async: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    // SaveChanges counts the entities the application changed, as plain EF would: those the row writer's own statements
    // saved in EF's stead count too; the old row of a replacement and the history and log rows EF inserted do not.
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        => result + Complete(eventData.Context, async: false, default).GetAwaiter().GetResult();

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        => result + await Complete(eventData.Context, async: true, cancellationToken).ConfigureAwait(false);

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
        => Undo(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Undo(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
        => Undo(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Undo(eventData.Context);
        return Task.CompletedTask;
    }

    // EF reports a concurrency failure here instead of through SaveChangesFailed.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Undo(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
        ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Undo(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // With async false, every await below completes synchronously (the deferred steps run synchronous database calls).
    private async Task Version(DbContext? context, bool async, CancellationToken cancellationToken)
    {
        if (context == null)
        {
            return;
        }

        if (VersioningChangeSetFactory.Create(context) is not { } changeSet)
        {
            // Nothing to version: make sure nothing of an earlier save reaches this save's batches.
            if (IsVersioned(context))
            {
                context.GetService<VersioningContextState>().CurrentSave = null;
            }

            return;
        }

        var started = Stopwatch.GetTimestamp();
        using var activity = _instruments.StartSave(context.GetType());
        changeSet.State.CurrentSave = changeSet;
        SkipSecondChangeDetection(context, changeSet);
        try
        {
            await StoredOriginalValues.LoadAsync(changeSet, async, cancellationToken).ConfigureAwait(false);
            foreach (var handler in _handlers)
            {
                handler.Handle(changeSet);
            }

            _rowWriter.Write(changeSet);
            await changeSet.RunDeferredAsync(async, cancellationToken).ConfigureAwait(false);
            changeSet.PickWitness();
            _instruments.SavePrepared(started);
        }
        catch
        {
            // A handler refusing the save (for example a soft delete that would hard-delete a dependent), or a deferred
            // step failing, fails it before EF starts, so EF reports no failure to undo: leave the tracker as the
            // application left it here.
            Undo(context);
            throw;
        }
    }

    // Building the change set detected changes, and the handlers change the tracker only through EF's own API, so
    // EF's second full scan after the interceptor finds nothing new. It is skipped only when no other SaveChanges
    // interceptor runs: one that sets plain properties after this one relies on that scan.
    private static void SkipSecondChangeDetection(DbContext context, VersioningChangeSet save)
    {
        var tracker = context.ChangeTracker;
        if (!tracker.AutoDetectChangesEnabled || !SavesAreInterceptedOnlyByVersioning(context))
        {
            return;
        }

        tracker.AutoDetectChangesEnabled = false;
        save.RestoreAutoDetectChanges = true;
    }

    // EF aggregates the save interceptors of a context once (configured and injected alike): when the aggregate is this
    // interceptor itself, no other one runs.
    private static bool SavesAreInterceptedOnlyByVersioning(DbContext context)
        => context.GetService<IInterceptors>().Aggregate<ISaveChangesInterceptor>() is VersioningSaveChangesInterceptor;

    private static void RestoreChangeDetection(DbContext context, VersioningChangeSet save)
    {
        if (save.RestoreAutoDetectChanges)
        {
            save.RestoreAutoDetectChanges = false;
            context.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    /// <summary>Ends the save in progress, if any: the context forgets it, whatever happens next.</summary>
    private static VersioningChangeSet? EndSave(DbContext? context)
    {
        if (!IsVersioned(context))
        {
            return null;
        }

        var state = context.GetService<VersioningContextState>();
        var save = state.CurrentSave;
        state.CurrentSave = null;
        if (save != null)
        {
            RestoreChangeDetection(context, save);
            if (save.RestoreAutoTransactionBehavior is { } behavior)
            {
                context.Database.AutoTransactionBehavior = behavior;
                save.RestoreAutoTransactionBehavior = null;
            }
        }

        return save;
    }

    /// <summary>
    /// After a successful save: the context forgets it (or keeps it as unaccepted, for a retry), each handler writes what
    /// waited for the save (the activity rows of generated keys, inside the application's transaction), and the row
    /// writer checks that it wrote everything.
    /// </summary>
    /// <returns>What to add to EF's count of saved entities to get the application's (see <see cref="SavedChanges"/>).</returns>
    private async Task<int> Complete(DbContext? context, bool async, CancellationToken cancellationToken)
    {
        if (EndSave(context) is not { } save)
        {
            return 0;
        }

        if (save.SavedWithoutAccepting)
        {
            save.ShowEarlyAcceptancesAsPending();
            save.State.UnacceptedSave = save;
        }

        foreach (var handler in _handlers)
        {
            await handler.SavedAsync(save, async, cancellationToken).ConfigureAwait(false);
        }

        var saved = _rowWriter.Saved(save) - save.Replacements.Count - save.AddedRows;
        _instruments.RowsWritten(save.Rows);
        return saved;
    }

    // EF may report one failure twice (a concurrency failure, then the failed save): the second finds no save to undo.
    private void Undo(DbContext? context)
    {
        if (EndSave(context) is not { } save)
        {
            return;
        }

        save.UndoLog.Undo();
        foreach (var handler in _handlers)
        {
            handler.SaveFailed(save);
        }
    }

    // A model without versioned types never has anything to forget or undo: skip the service lookup.
    private static bool IsVersioned([NotNullWhen(true)] DbContext? context)
        => context != null && !VersioningSavePlan.For(context.Model).IsEmpty;
}
