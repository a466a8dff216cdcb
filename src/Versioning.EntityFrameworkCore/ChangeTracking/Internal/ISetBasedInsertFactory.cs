using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

/// <summary>
/// A provider's way to insert many rows of one table with one statement (PostgreSQL: <c>INSERT … SELECT FROM
/// unnest(@arrays)</c>). Without one, history rows are EF entities in EF's batch, which is also what happens below
/// <see cref="MinimumRows"/>: there EF's batch wins because the statement costs one more round trip.
/// </summary>
internal interface ISetBasedInsertFactory
{
    /// <summary>The smallest number of rows worth a statement of its own.</summary>
    int MinimumRows { get; }

    /// <summary>Returns the statement inserting <paramref name="rows"/> (values in <paramref name="columns"/> order), or <see langword="null"/>.</summary>
    SetBasedStatement? Create(IEntityType table, IReadOnlyList<IProperty> columns, IReadOnlyList<object?[]> rows);
}
