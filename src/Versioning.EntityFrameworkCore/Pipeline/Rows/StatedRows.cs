namespace Versioning.EntityFrameworkCore.Pipeline.Rows;

/// <summary>
/// The rows the handlers of one save stated, per table: what to write, not how. The save's
/// <see cref="IVersioningRowWriter"/> decides how once every handler has run.
/// </summary>
internal sealed class StatedRows
{
    private readonly List<TableRows> _tables = [];

    public IReadOnlyList<TableRows> Tables => _tables;

    /// <summary>
    /// States a row laid out by <paramref name="layout"/>, recording the change of <paramref name="owner"/> (the entity
    /// whose statement may carry it), or of no tracked entity.
    /// </summary>
    public void Add(RowLayout layout, object? owner, object?[] row)
    {
        foreach (var table in _tables)
        {
            if (table.Layout == layout)
            {
                table.Add(owner, row);
                return;
            }
        }

        var added = new TableRows(layout);
        added.Add(owner, row);
        _tables.Add(added);
    }
}

/// <summary>The stated rows of one table, each with the entity whose change it records, if any.</summary>
internal sealed class TableRows(RowLayout layout)
{
    private readonly List<(object? Owner, object?[] Row)> _rows = [];

    public RowLayout Layout { get; } = layout;

    public IReadOnlyList<(object? Owner, object?[] Row)> Rows => _rows;

    public void Add(object? owner, object?[] row) => _rows.Add((owner, row));

    /// <summary>How many entities own rows, counting up to <paramref name="limit"/>.</summary>
    public int OwnerCount(int limit)
    {
        // A one-entity save, the common case, needs no set.
        if (_rows.Count == 1)
        {
            return _rows[0].Owner == null ? 0 : 1;
        }

        var owners = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var (owner, _) in _rows)
        {
            if (owner != null && owners.Add(owner) && owners.Count == limit)
            {
                break;
            }
        }

        return owners.Count;
    }
}
