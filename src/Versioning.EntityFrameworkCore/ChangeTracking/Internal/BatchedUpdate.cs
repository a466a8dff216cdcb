using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

/// <summary>
/// One <c>UPDATE table SET c1 = v1, … WHERE key = ANY(keys)</c> written after EF's commands in its batch: the rows of
/// many tracked entities that all change the same columns to the same values (a soft delete of many rows). The
/// entities are no longer EF commands; their entries are here to report a concurrency failure against.
/// </summary>
internal sealed class BatchedUpdate(IEntityType table, IReadOnlyList<IProperty> columns, object?[] values, IProperty key)
{
    public IEntityType Table { get; } = table;

    /// <summary>The columns set, in the order of <see cref="Values"/>.</summary>
    public IReadOnlyList<IProperty> Columns { get; } = columns;

    public object?[] Values { get; } = values;

    /// <summary>The single-column primary key the rows are found by.</summary>
    public IProperty Key { get; } = key;

    /// <summary>The keys of the rows to update: exactly this many rows must be updated.</summary>
    public List<object?[]> Keys { get; } = [];

    public List<EntityEntry> Entries { get; } = [];
}
