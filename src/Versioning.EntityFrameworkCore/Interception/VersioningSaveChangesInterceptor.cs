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
        if (IsVersioned(eventData.Context))
        {
            ActivityLogDeferredWrite.AfterSave(eventData.Context, Forget(eventData.Context));
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (IsVersioned(eventData.Context))
        {
            await ActivityLogDeferredWrite.AfterSaveAsync(eventData.Context, Forget(eventData.Context), cancellationToken);
        }

        return result;
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
            Undo(context);
            throw;
        }
    }

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

    private static bool SavesAreInterceptedOnlyByVersioning(DbContext context)
    {
        var configured = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors;
        return (configured == null || !configured.Any(i => i is ISaveChangesInterceptor))
            && context.GetService<IEnumerable<IInterceptor>>().All(i => i is not ISaveChangesInterceptor or VersioningSaveChangesInterceptor);
    }

    private static void RestoreChangeDetection(DbContext context, VersioningContextState state)
    {
        if (state.RestoreAutoDetectChanges)
        {
            state.RestoreAutoDetectChanges = false;
            context.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private static VersioningContextState Forget(DbContext context)
    {
        var state = context.GetService<VersioningContextState>();
        state.PendingUndo = null;
        RestoreChangeDetection(context, state);
        return state;
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
        RestoreChangeDetection(context, state);
        undoLog?.Undo();
        ActivityLogDeferredWrite.Abandon(context, state);
    }

    // A model without versioned types never has anything to forget or undo: skip the service lookup.
    private static bool IsVersioned([NotNullWhen(true)] DbContext? context)
        => context != null && !VersioningSavePlan.For(context.Model).IsEmpty;
}
