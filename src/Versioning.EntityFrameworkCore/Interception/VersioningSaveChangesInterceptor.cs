using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.ChangeTracking.Internal;
using Versioning.EntityFrameworkCore.Metadata.Internal;

namespace Versioning.EntityFrameworkCore.Interception;

/// <summary>
/// The one SaveChanges interceptor of Versioning. Before EF saves, it builds the change set and runs the strategy
/// handlers in their fixed order; the rows they add or change go into EF's own batch and transaction. When the
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
        Version(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Version(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Forget(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

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

    private void Version(DbContext? context)
    {
        if (context == null || VersioningChangeSetFactory.Create(context) is not { } changeSet)
        {
            return;
        }

        context.GetService<VersioningContextState>().PendingUndo = changeSet.UndoLog;
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
            Undo(context);
            throw;
        }
    }

    private static void Forget(DbContext? context)
    {
        if (IsVersioned(context))
        {
            context.GetService<VersioningContextState>().PendingUndo = null;
        }
    }

    private static void Undo(DbContext? context)
    {
        if (!IsVersioned(context))
        {
            return;
        }

        var state = context.GetService<VersioningContextState>();
        var undoLog = state.PendingUndo;
        state.PendingUndo = null;
        undoLog?.Undo();
    }

    // A model without versioned types never has anything to forget or undo: skip the service lookup.
    private static bool IsVersioned([NotNullWhen(true)] DbContext? context)
        => context != null && !VersioningSavePlan.For(context.Model).IsEmpty;
}
