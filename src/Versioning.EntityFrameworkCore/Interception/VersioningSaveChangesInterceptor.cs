using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.ChangeTracking.Internal;
using Versioning.EntityFrameworkCore.Metadata.Internal;

namespace Versioning.EntityFrameworkCore.Interception;

/// <summary>
/// The one SaveChanges interceptor of Versioning. Before EF saves, it builds the change set and runs the strategy
/// handlers in their fixed order; the rows they add or change go into EF's own batch and transaction (large sets of
/// history rows go into one set-based statement run first, in a transaction EF's batch joins). When the
/// save fails it undoes what the handlers did, so the application can retry. It holds no state: everything about
/// a save lives in locals and in the context's own <see cref="VersioningContextState"/>.
/// </summary>
internal sealed class VersioningSaveChangesInterceptor : SaveChangesInterceptor
{
    private readonly IVersioningHandler[] _handlers;

    public VersioningSaveChangesInterceptor(IEnumerable<IVersioningHandler> handlers)
        => _handlers = [.. handlers.OrderBy(h => h.Order)];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (Version(eventData.Context) is { Statements.Count: > 0 } changeSet)
        {
            try
            {
                RunStatementsAsync(changeSet, async: false, default).GetAwaiter().GetResult();
            }
            catch
            {
                // EF does not report a failure of SavingChanges to SaveChangesFailed: undo here.
                Undo(eventData.Context, async: false).GetAwaiter().GetResult();
                throw;
            }
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Version(eventData.Context) is { Statements.Count: > 0 } changeSet)
        {
            try
            {
                await RunStatementsAsync(changeSet, async: true, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // EF does not report a failure of SavingChanges to SaveChangesFailed: undo here.
                await Undo(eventData.Context, async: true).ConfigureAwait(false);
                throw;
            }
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Complete(eventData.Context, async: false, default).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await Complete(eventData.Context, async: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
        => Undo(eventData.Context, async: false).GetAwaiter().GetResult();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        => Undo(eventData.Context, async: true);

    public override void SaveChangesCanceled(DbContextEventData eventData)
        => Undo(eventData.Context, async: false).GetAwaiter().GetResult();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
        => Undo(eventData.Context, async: true);

    // EF reports a concurrency failure here instead of through SaveChangesFailed.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Undo(eventData.Context, async: false).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
        ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await Undo(eventData.Context, async: true).ConfigureAwait(false);
        return result;
    }

    private VersioningChangeSet? Version(DbContext? context)
    {
        if (context == null || VersioningChangeSetFactory.Create(context) is not { } changeSet)
        {
            return null;
        }

        var state = context.GetService<VersioningContextState>();
        state.PendingUndo = changeSet.UndoLog;
        SkipSecondChangeDetection(context, state);
        try
        {
            foreach (var handler in _handlers)
            {
                handler.Handle(changeSet);
            }
        }
        catch
        {
            // A handler refusing the save (for example a soft delete that would hard-delete a dependent) fails it
            // before EF starts, so EF reports no failure to undo: leave the tracker as the application left it here.
            Undo(context, async: false).GetAwaiter().GetResult();
            throw;
        }

        return changeSet;
    }

    private static Task RunStatementsAsync(VersioningChangeSet changeSet, bool async, CancellationToken cancellationToken)
        => SetBasedStatementRunner.RunAsync(
            changeSet.Context, changeSet, changeSet.Context.GetService<VersioningContextState>(), async, cancellationToken);

    // Building the change set detected changes, and the handlers change the tracker only through EF's own API, so
    // EF's second full scan after the interceptor finds nothing new. It is skipped only when no other SaveChanges
    // interceptor runs: one that sets plain properties after this one relies on that scan.
    private static void SkipSecondChangeDetection(DbContext context, VersioningContextState state)
    {
        var tracker = context.ChangeTracker;
        if (!tracker.AutoDetectChangesEnabled || !SavesAreInterceptedOnlyByVersioning(context))
        {
            return;
        }

        tracker.AutoDetectChangesEnabled = false;
        state.RestoreAutoDetectChanges = true;
    }

    // EF aggregates the save interceptors of a context once (configured and injected alike): when the aggregate is this
    // interceptor itself, no other one runs.
    private static bool SavesAreInterceptedOnlyByVersioning(DbContext context)
        => context.GetService<IInterceptors>().Aggregate<ISaveChangesInterceptor>() is VersioningSaveChangesInterceptor;

    private static void RestoreChangeDetection(DbContext context, VersioningContextState state)
    {
        if (state.RestoreAutoDetectChanges)
        {
            state.RestoreAutoDetectChanges = false;
            context.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    /// <summary>
    /// After a successful save: forget the undo log, write the activity rows that waited for generated keys, then
    /// commit the transaction Versioning began for set-based statements (so those rows are in it too).
    /// </summary>
    private static async Task Complete(DbContext? context, bool async, CancellationToken cancellationToken)
    {
        if (!IsVersioned(context))
        {
            return;
        }

        var state = context.GetService<VersioningContextState>();
        state.PendingUndo = null;
        RestoreChangeDetection(context, state);
        if (async)
        {
            await ActivityLogDeferredWrite.AfterSaveAsync(context, state, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            ActivityLogDeferredWrite.AfterSave(context, state);
        }

        if (state.OwnedTransaction != null)
        {
            await SetBasedStatementRunner.EndAsync(context, state, commit: true, async, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task Undo(DbContext? context, bool async)
    {
        if (!IsVersioned(context))
        {
            return Task.CompletedTask;
        }

        var state = context.GetService<VersioningContextState>();
        var undoLog = state.PendingUndo;
        state.PendingUndo = null;
        RestoreChangeDetection(context, state);
        undoLog?.Undo();
        ActivityLogDeferredWrite.Abandon(context, state);
        return state.OwnedTransaction == null
            ? Task.CompletedTask
            : SetBasedStatementRunner.EndAsync(context, state, commit: false, async, CancellationToken.None);
    }

    // A model without versioned types never has anything to forget or undo: skip the service lookup.
    private static bool IsVersioned([NotNullWhen(true)] DbContext? context)
        => context != null && !VersioningSavePlan.For(context.Model).IsEmpty;
}
