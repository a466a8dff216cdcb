using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// Rows of one table (a history or activity log table) that Versioning writes inside EF's own command batch, each row
/// holding its values in <see cref="Columns"/> order.
/// </summary>
internal sealed class BatchedRows(IEntityType table, IReadOnlyList<IProperty> columns)
{
    /// <summary>The entity type mapped to the table the rows go to.</summary>
    public IEntityType Table { get; } = table;

    /// <summary>The table's properties, in the order of each row's values.</summary>
    public IReadOnlyList<IProperty> Columns { get; } = columns;

    public List<object?[]> Rows { get; } = [];
}
