using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Pipeline.Rows;

/// <summary>
/// The shape of the rows a strategy writes to one of its tables (a history or log table): the entity type mapped to the
/// table and its columns, in the order of a row's values. Owned by the strategy's plan and built once per model, so a
/// handler puts each value where the layout says (<see cref="PositionOf(IProperty)"/>) and every writer reads the rows
/// the same way.
/// </summary>
internal sealed class RowLayout
{
    private readonly Dictionary<IProperty, int> _positions;

    public RowLayout(IEntityType table, IReadOnlyList<IProperty> columns)
    {
        Table = table;
        Columns = columns;
        _positions = new Dictionary<IProperty, int>(columns.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < columns.Count; i++)
        {
            _positions.Add(columns[i], i);
        }
    }

    /// <summary>The entity type mapped to the table.</summary>
    public IEntityType Table { get; }

    /// <summary>The table's properties, in the order of a row's values.</summary>
    public IReadOnlyList<IProperty> Columns { get; }

    /// <summary>Where a row holds the value of <paramref name="column"/>.</summary>
    public int PositionOf(IProperty column) => _positions[column];

    /// <summary>Where a row holds the value of the column of the property named <paramref name="name"/>.</summary>
    public int PositionOf(string name) => _positions[Table.GetProperty(name)];

    /// <summary>A row with no values set yet.</summary>
    public object?[] NewRow() => new object?[Columns.Count];

    /// <summary>The row as an instance of <see cref="Table"/>, for EF to insert: a property bag for a shared-type entity type.</summary>
    public object ToEntity(object?[] row)
    {
        if (Table.HasSharedClrType)
        {
            var bag = new Dictionary<string, object>(Columns.Count, StringComparer.Ordinal);
            for (var i = 0; i < row.Length; i++)
            {
                bag[Columns[i].Name] = row[i]!;
            }

            return bag;
        }

        var entity = Activator.CreateInstance(Table.ClrType)!;
        for (var i = 0; i < row.Length; i++)
        {
            var column = Columns[i];
            if (column.PropertyInfo is { CanWrite: true } property)
            {
                property.SetValue(entity, row[i]);
            }
            else
            {
                column.FieldInfo!.SetValue(entity, row[i]);
            }
        }

        return entity;
    }
}
