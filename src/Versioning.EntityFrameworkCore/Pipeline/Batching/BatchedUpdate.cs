using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Pipeline.Batching;

/// <summary>
/// One set-based UPDATE written after EF's commands in its batch, standing for the UPDATEs of many tracked entities
/// that change the same columns of one table: each row is found by its key and, when the table has concurrency tokens,
/// by their loaded values. The entities are no longer EF commands; their entries are here to report a concurrency
/// failure against.
/// </summary>
internal sealed class BatchedUpdate(IEntityType table, IProperty key, IReadOnlyList<IProperty> columns, IReadOnlyList<IProperty> tokens)
{
    public IEntityType Table { get; } = table;

    /// <summary>The single-column primary key the rows are found by.</summary>
    public IProperty Key { get; } = key;

    /// <summary>The columns set.</summary>
    public IReadOnlyList<IProperty> Columns { get; } = columns;

    /// <summary>The concurrency tokens a row must still have its loaded values of.</summary>
    public IReadOnlyList<IProperty> Tokens { get; } = tokens;

    /// <summary>
    /// Per row: its key, then the new value of each of <see cref="Columns"/>, then the loaded value of each of
    /// <see cref="Tokens"/>. Exactly this many rows must be updated.
    /// </summary>
    public List<object?[]> Rows { get; } = [];

    public List<EntityEntry> Entries { get; } = [];
}
