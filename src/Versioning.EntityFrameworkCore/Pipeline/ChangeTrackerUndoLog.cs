using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// Records every change the pipeline makes to the change tracker so that a failed SaveChanges can put the
/// tracker back exactly as the application left it; a retry then writes everything once.
/// </summary>
internal sealed class ChangeTrackerUndoLog
{
    private readonly List<Action> _undo = [];

    /// <summary>Records the current value of <paramref name="property"/> (with its modified flag), to be put back.</summary>
    public void RecordValue(EntityEntry entry, IProperty property) => RecordValue(entry, property, original: false);

    /// <summary>Records the original value of <paramref name="property"/> (with its modified flag), to be put back.</summary>
    public void RecordOriginalValue(EntityEntry entry, IProperty property) => RecordValue(entry, property, original: true);

    // Undo actions find the entity's entry again when they run: a replacement detaches and re-tracks the application's
    // instance, after which EF holds it in a new internal entry. A complex member's flag is its entity's concern: EF
    // reaches it through the complex property, and the pipeline only ever keeps such a member modified.
    private void RecordValue(EntityEntry entry, IProperty property, bool original)
    {
        var value = (original ? entry.OriginalValues : entry.CurrentValues)[property];
        var ownFlag = property.DeclaringType is IEntityType;
        var wasModified = ownFlag && entry.State == EntityState.Modified && entry.Property(property).IsModified;
        var (context, entity) = (entry.Context, entry.Entity);
        _undo.Add(() =>
        {
            var current = context.Entry(entity);
            (original ? current.OriginalValues : current.CurrentValues)[property] = value;
            if (ownFlag && current.State == EntityState.Modified)
            {
                current.Property(property).IsModified = wasModified;
            }
        });
    }

    public void RecordState(EntityEntry entry)
    {
        var state = entry.State;
        var (context, entity) = (entry.Context, entry.Entity);
        _undo.Add(() => context.Entry(entity).State = state);
    }

    /// <summary>Records a change the caller knows how to undo itself (such as a whole replacement).</summary>
    public void Record(Action undo) => _undo.Add(undo);

    public void RecordAdded(EntityEntry entry)
        => _undo.Add(() => entry.State = EntityState.Detached);

    /// <summary>Undoes the recorded changes, newest first.</summary>
    public void Undo()
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            _undo[i]();
        }

        _undo.Clear();
    }
}
