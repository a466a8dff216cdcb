using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

/// <summary>
/// Records every change the pipeline makes to the change tracker so that a failed SaveChanges can put the
/// tracker back exactly as the application left it; a retry then writes everything once.
/// </summary>
internal sealed class ChangeTrackerUndoLog
{
    private readonly List<Action> _undo = [];

    public void RecordValue(EntityEntry entry, IProperty property)
    {
        var value = entry.CurrentValues[property];
        var wasModified = entry.State == EntityState.Modified && entry.Property(property).IsModified;
        _undo.Add(() =>
        {
            entry.CurrentValues[property] = value;
            if (entry.State == EntityState.Modified)
            {
                entry.Property(property).IsModified = wasModified;
            }
        });
    }

    public void RecordState(EntityEntry entry)
    {
        var state = entry.State;
        _undo.Add(() => entry.State = state);
    }

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
