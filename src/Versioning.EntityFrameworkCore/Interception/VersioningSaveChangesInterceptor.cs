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
        Forget(eventData.Context, async: false, default).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await Forget(eventData.Context, async: true, cancellationToken).ConfigureAwait(false);
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

        context.GetService<VersioningContextState>().PendingUndo = changeSet.UndoLog;
        foreach (var handler in _handlers)
        {
            handler.Handle(changeSet);
        }

        return changeSet;
    }

    private static Task RunStatementsAsync(VersioningChangeSet changeSet, bool async, CancellationToken cancellationToken)
        => SetBasedStatementRunner.RunAsync(
            changeSet.Context, changeSet, changeSet.Context.GetService<VersioningContextState>(), async, cancellationToken);

    private static Task Forget(DbContext? context, bool async, CancellationToken cancellationToken)
    {
        if (!IsVersioned(context))
        {
            return Task.CompletedTask;
        }

        var state = context.GetService<VersioningContextState>();
        state.PendingUndo = null;
        return state.OwnedTransaction == null
            ? Task.CompletedTask
            : SetBasedStatementRunner.EndAsync(context, state, commit: true, async, cancellationToken);
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
        undoLog?.Undo();
        return state.OwnedTransaction == null
            ? Task.CompletedTask
            : SetBasedStatementRunner.EndAsync(context, state, commit: false, async, CancellationToken.None);
    }

    // A model without versioned types never has anything to forget or undo: skip the service lookup.
    private static bool IsVersioned([NotNullWhen(true)] DbContext? context)
        => context != null && !VersioningSavePlan.For(context.Model).IsEmpty;
}
