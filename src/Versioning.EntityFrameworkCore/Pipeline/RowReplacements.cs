using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// The rows one handler replaced in a save. When it is a single one, the provider's batch may write it as one
/// statement (<see cref="RowReplacement.WriteAsOneStatement"/>): a one-entity save then needs no transaction. With
/// more, EF's batch runs in a transaction anyway, and rewriting every INSERT cost more than it saved (25 µs per row
/// at 1,000 revisions on the development machine).
/// </summary>
internal sealed class RowReplacements
{
    private (EntityEntry OldRow, EntityEntry NewRow)? _first;
    private int _count;

    public void Add((EntityEntry OldRow, EntityEntry NewRow) replacement)
    {
        _first ??= replacement;
        _count++;
    }

    public void WriteSingleAsOneStatement(VersioningChangeSet changeSet)
    {
        if (_count == 1 && _first is var (oldRow, newRow))
        {
            RowReplacement.WriteAsOneStatement(changeSet, oldRow, newRow);
        }
    }
}
