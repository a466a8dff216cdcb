using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline.Rows;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// One SaveChanges, and all the state Versioning keeps about it: the versioned entries as the application left them, one
/// timestamp, the actor and the change scope, the undo log, the rows the handlers stated, and what strategies (and the
/// row writer) keep for this save only. Created at SavingChanges, held by <see cref="VersioningContextState.CurrentSave"/> and
/// dropped when the save succeeds or fails. Handlers change the tracker only through this class, which records each
/// change in the undo log so that a failed save leaves nothing behind.
/// </summary>
internal sealed class VersioningChangeSet
{
    public VersioningChangeSet(
        DbContext context,
        VersioningContextState state,
        IReadOnlyList<VersionedEntry> entries,
        ChangeContext change,
        ChangeTrackerUndoLog undoLog)
    {
        Context = context;
        State = state;
        Entries = entries;
        Timestamp = change.Timestamp;
        ActorId = change.ActorId;
        TenantId = change.TenantId;
        Scope = change.Scope;
        UndoLog = undoLog;
    }

    private List<object>? _strategyStates;

    /// <summary>
    /// Whether the pipeline switched automatic change detection off for this save (after detecting changes itself), so
    /// that EF does not scan the tracker a second time; it is switched back on when the save ends.
    /// </summary>
    public bool RestoreAutoDetectChanges { get; set; }

    /// <summary>
    /// The application's <see cref="DatabaseFacade.AutoTransactionBehavior"/>, to put back when the save ends, when
    /// <see cref="RunInOneTransaction"/> changed it.
    /// </summary>
    public AutoTransactionBehavior? RestoreAutoTransactionBehavior { get; set; }

    /// <summary>
    /// Makes EF run the save in a transaction even when its own commands are one statement, since a last batch
    /// (<see cref="ILastBatchWrite"/>) must commit or roll back with them. The setting is put back when the save ends.
    /// </summary>
    public void RunInOneTransaction()
    {
        // Only when EF would otherwise start no transaction for one statement (without one of the application's, and
        // unless the application said never). Asked only when some rows wait: reading the current transaction builds
        // EF's database facade services, a measurable part of a one-row save.
        var database = Context.Database;
        if (RestoreAutoTransactionBehavior != null
            || database.AutoTransactionBehavior != AutoTransactionBehavior.WhenNeeded
            || database.CurrentTransaction != null
            || System.Transactions.Transaction.Current != null)
        {
            return;
        }

        database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        RestoreAutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
    }

    /// <summary>
    /// Empties <paramref name="queue"/>, a context's queue of things this save wrote (manual activities, custom change
    /// events). Should the save turn out not to accept its changes and be retried, its undo queues them again.
    /// </summary>
    public void Dequeue<T>(List<T> queue)
    {
        if (queue.Count == 0)
        {
            return;
        }

        var written = queue.ToArray();
        queue.Clear();
        UndoLog.Record(() => queue.InsertRange(0, written));
    }

    /// <summary>Keeps <paramref name="state"/>, something a strategy needs again later in this save.</summary>
    public void Keep(object state) => (_strategyStates ??= []).Add(state);

    /// <summary>Every state of type <typeparamref name="TState"/> kept for this save.</summary>
    public IEnumerable<TState> FindAll<TState>()
        where TState : class
        => (_strategyStates ?? []).OfType<TState>();

    /// <summary>The state of type <typeparamref name="TState"/> a strategy kept for this save, if any.</summary>
    public TState? Find<TState>()
        where TState : class
    {
        foreach (var state in _strategyStates ?? [])
        {
            if (state is TState found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The record of what the handlers changed, to undo when the save fails.</summary>
    public ChangeTrackerUndoLog UndoLog { get; }

    public DbContext Context { get; }

    /// <summary>What Versioning keeps for the context across saves (pending activities, the save in progress).</summary>
    public VersioningContextState State { get; }

    /// <summary>The versioned entries that are added, modified or deleted, in change tracker order.</summary>
    public IReadOnlyList<VersionedEntry> Entries { get; }

    /// <summary>The one UTC timestamp of this save, truncated to whole microseconds (PostgreSQL's precision).</summary>
    public DateTime Timestamp { get; }

    public string? ActorId { get; }

    /// <summary>
    /// The effective tenant of the save: the change scope's (<c>BeginTenantScope</c>), else the application's
    /// <see cref="ITenantAccessor"/>, or <see langword="null"/>. What tenancy stamps and checks, and what the history, the
    /// activity log and change events record.
    /// </summary>
    public string? TenantId { get; }

    /// <summary>
    /// The replacements of this save (audit trail, replace-on-update): the old row, tracked as modified under its old key
    /// (a versioned write of this save that is not among <see cref="Entries"/>), and the new row that replaces it.
    /// </summary>
    public List<(EntityEntry OldRow, EntityEntry NewRow)> Replacements { get; } = [];

    private Dictionary<object, ReplacedInstance>? _replaced;

    /// <summary>
    /// Notes that the application's instance of <paramref name="instance"/> becomes a new row replacing its old one (per
    /// row, or set-based by a provider), so that later handlers still see the values it replaces and the values it holds.
    /// </summary>
    public void RecordReplaced(ReplacedInstance instance)
        => (_replaced ??= new Dictionary<object, ReplacedInstance>(ReferenceEqualityComparer.Instance))[instance.Entity] = instance;

    /// <summary>What <paramref name="entity"/> was before an earlier handler made it a new row, or <see langword="null"/>.</summary>
    public ReplacedInstance? FindReplaced(object entity)
        => _replaced != null && _replaced.TryGetValue(entity, out var instance) ? instance : null;

    /// <summary>The history and log rows the handlers stated, which the save's row writer writes once they have all run.</summary>
    public StatedRows Rows { get; } = new();

    public ChangeScope? Scope { get; }

    private string? _correlationId;

    /// <summary>
    /// The id shared by every record of the save (log rows, change events): the change scope's correlation id, else one
    /// made for the save (a version 7 UUID).
    /// </summary>
    public string CorrelationId => _correlationId ??= Scope?.CorrelationId ?? Guid.CreateVersion7().ToString();

    public void SetValue(EntityEntry entry, IProperty property, object? value)
    {
        UndoLog.RecordValue(entry, property);
        entry.CurrentValues[property] = value;
    }

    /// <summary>Sets the original value of a modified property (keeping it modified), undone if the save fails.</summary>
    public void SetOriginalValue(EntityEntry entry, PropertyEntry property, object? value)
    {
        UndoLog.RecordOriginalValue(entry, property.Metadata);
        property.OriginalValue = value;
        property.IsModified = true;
    }

    private List<Func<bool, CancellationToken, Task>>? _deferred;

    /// <summary>
    /// Adds a step that needs the database (such as allocating keys), run once every handler has run: with
    /// <c>async</c> true from SaveChangesAsync, else synchronously.
    /// </summary>
    public void Defer(Func<bool, CancellationToken, Task> step) => (_deferred ??= []).Add(step);

    /// <summary>Runs the deferred steps, in the order they were added.</summary>
    public async Task RunDeferredAsync(bool async, CancellationToken cancellationToken)
    {
        foreach (var step in _deferred ?? [])
        {
            await step(async, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How many history and log rows this save tracks as EF entities: EF counts them among the entities it saved, and
    /// SaveChanges must not.
    /// </summary>
    public int AddedRows { get; private set; }

    /// <summary>Starts tracking a new entity (a history or log row) as added; a failed save detaches it again.</summary>
    public void Add(IEntityType entityType, object entity)
    {
        AddedRows++;
        var entry = entityType.HasSharedClrType
            ? Context.Set<Dictionary<string, object>>(entityType.Name).Add((Dictionary<string, object>)entity)
            : Context.Add(entity);
        UndoLog.RecordAdded(entry);
    }

    /// <summary>Puts a modified property back to its original value and out of the UPDATE.</summary>
    /// <returns>Whether the property had been changed.</returns>
    public bool RevertToOriginal(EntityEntry entry, IProperty property)
    {
        var propertyEntry = entry.Property(property);
        if (!propertyEntry.IsModified && Equals(propertyEntry.CurrentValue, propertyEntry.OriginalValue))
        {
            return false;
        }

        UndoLog.RecordValue(entry, property);
        propertyEntry.CurrentValue = propertyEntry.OriginalValue;
        propertyEntry.IsModified = false;
        return true;
    }

    /// <summary>
    /// Marks a modified entry as saved without EF writing it (a statement of the row writer does): its modified
    /// <paramref name="columns"/> become its original values and it becomes unchanged. A failed save puts it back, and
    /// so does a save that does not accept its changes (see <see cref="AcceptedEarly"/>).
    /// </summary>
    public void AcceptAsSaved(EntityEntry entry, IReadOnlyList<IProperty> columns)
    {
        // EF's own acceptance after a save, as a set-based update stands for EF's command. The columns are all of the
        // entry's modified ones (entries are grouped by them).
        var originals = EFCoreInternals.AcceptChanges(entry, columns);
        var entity = entry.Entity;
        void PutBack()
        {
            var current = Context.Entry(entity);
            for (var i = 0; i < originals.Length; i++)
            {
                current.OriginalValues[columns[i]] = originals[i];
                EntryProperties.Find(current, columns[i]).IsModified = true;
            }
        }

        UndoLog.Record(PutBack);
        AcceptedEarly(PutBack);
    }

    private List<Action>? _acceptedEarly;

    /// <summary>
    /// Records that an entry was accepted before EF ran, so that EF writes no command for it (Versioning's own statement
    /// writes it): <paramref name="showAsPending"/> makes it look as EF leaves an entry it saved without accepting, which
    /// it must when the save turns out not to accept its changes (<c>SaveChanges(acceptAllChangesOnSuccess: false)</c>).
    /// </summary>
    public void AcceptedEarly(Action showAsPending) => (_acceptedEarly ??= []).Add(showAsPending);

    /// <summary>
    /// An entry EF itself writes in this save, as the handlers left it (added, modified or deleted): after the save it is
    /// still so exactly when EF did not accept the changes. <see langword="null"/> when EF writes no entry of ours.
    /// </summary>
    public EntityEntry? Witness { get; private set; }

    /// <summary>Picks <see cref="Witness"/> once every handler has run.</summary>
    public void PickWitness()
    {
        foreach (var (entry, _, _) in Entries)
        {
            if (IsPending(entry))
            {
                Witness = entry;
                return;
            }
        }

        foreach (var (oldRow, _) in Replacements)
        {
            if (IsPending(oldRow))
            {
                Witness = oldRow;
                return;
            }
        }
    }

    /// <summary>Whether the save succeeded without EF accepting its changes (<c>SaveChanges(false)</c>).</summary>
    public bool SavedWithoutAccepting => Witness != null && IsPending(Witness);

    /// <summary>
    /// After a save that did not accept its changes: shows the entries accepted early as pending again, as EF shows
    /// the ones it wrote, so that <c>AcceptAllChanges</c> accepts them all and nothing looks saved before it is.
    /// </summary>
    public void ShowEarlyAcceptancesAsPending()
    {
        foreach (var showAsPending in _acceptedEarly ?? [])
        {
            showAsPending();
        }
    }

    private static bool IsPending(EntityEntry entry) => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted;

    /// <summary>Changes the state of an entry (recorded, so a failed save puts the application's state back).</summary>
    public void SetState(EntityEntry entry, EntityState state)
    {
        UndoLog.RecordState(entry);
        entry.State = state;
    }
}
