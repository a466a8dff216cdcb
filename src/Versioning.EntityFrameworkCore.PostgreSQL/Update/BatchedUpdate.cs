using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

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
    /// Per row, in this order (<see cref="KeyPosition"/>, <see cref="ColumnPosition"/>, <see cref="TokenPosition"/>): its
    /// key, the new value of each of <see cref="Columns"/>, the loaded value of each of <see cref="Tokens"/>. Exactly this
    /// many rows must be updated. Filled by the <c>Add</c> methods only.
    /// </summary>
    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>The entries the rows stand for, to report a concurrency failure against.</summary>
    public IReadOnlyList<EntityEntry> Entries => _entries;

    /// <summary>Where a row holds its key.</summary>
    public const int KeyPosition = 0;

    private readonly List<object?[]> _rows = [];
    private readonly List<EntityEntry> _entries = [];

    /// <summary>Where a row holds the new value of column <paramref name="column"/> of <see cref="Columns"/>.</summary>
    public int ColumnPosition(int column) => 1 + column;

    /// <summary>Where a row holds the loaded value of token <paramref name="token"/> of <see cref="Tokens"/>.</summary>
    public int TokenPosition(int token) => 1 + Columns.Count + token;

    /// <summary>
    /// Adds the row of <paramref name="entry"/>: found by the key and tokens it was <paramref name="loaded"/> with, its
    /// columns set to their <paramref name="current"/> values.
    /// </summary>
    public void Add(EntityEntry entry, PropertyValues loaded, PropertyValues current)
    {
        var row = NewRow(loaded);
        for (var c = 0; c < Columns.Count; c++)
        {
            row[ColumnPosition(c)] = current[Columns[c]];
        }

        _rows.Add(row);
        _entries.Add(entry);
    }

    /// <summary>Adds the row of <paramref name="entry"/>, found as it was <paramref name="loaded"/>, every column set to <paramref name="value"/>.</summary>
    public void Add(EntityEntry entry, PropertyValues loaded, object? value)
    {
        var row = NewRow(loaded);
        for (var c = 0; c < Columns.Count; c++)
        {
            row[ColumnPosition(c)] = value;
        }

        _rows.Add(row);
        _entries.Add(entry);
    }

    private object?[] NewRow(PropertyValues loaded)
    {
        var row = new object?[1 + Columns.Count + Tokens.Count];
        row[KeyPosition] = loaded[Key];
        for (var t = 0; t < Tokens.Count; t++)
        {
            row[TokenPosition(t)] = loaded[Tokens[t]];
        }

        return row;
    }
}
