using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// The application's instance as the application left it, before a replacement makes it a new row under a new key:
/// its key, original and current values and modified properties, and how to put it back when the save fails (tracked
/// again, modified, under its old key).
/// </summary>
internal sealed class ReplacedInstance
{
    private readonly DbContext _context;
    private readonly List<IProperty> _modified;
    private readonly Action<object> _putBackDependents;

    public ReplacedInstance(EntityEntry entry, Action<object> putBackDependents)
    {
        _context = entry.Context;
        Entity = entry.Entity;
        Key = entry.Metadata.FindPrimaryKey()!.Properties[0];
        OldKey = entry.OriginalValues[Key];
        Original = entry.OriginalValues.Clone();
        Current = entry.CurrentValues.Clone();
        _modified = [.. entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata)];
        _putBackDependents = putBackDependents;
    }

    public object Entity { get; }

    public IProperty Key { get; }

    public object? OldKey { get; }

    /// <summary>The values the row was loaded with.</summary>
    public PropertyValues Original { get; }

    /// <summary>The application's values.</summary>
    public PropertyValues Current { get; }

    /// <summary>Tracks the instance again as the application left it: modified, under its old key.</summary>
    public void PutBack()
    {
        var restored = _context.Entry(Entity);
        restored.State = EntityState.Detached;
        restored.CurrentValues[Key] = OldKey;
        _putBackDependents(Entity);
        restored.State = EntityState.Unchanged;
        restored.OriginalValues.SetValues(Original);
        restored.CurrentValues.SetValues(Current);

        // Exactly the application's modified flags: putting the values back must not flag the others (a new revision
        // tracked under its allocated key had all of them different).
        foreach (var property in restored.Properties)
        {
            property.IsModified = _modified.Contains(property.Metadata);
        }
    }
}
