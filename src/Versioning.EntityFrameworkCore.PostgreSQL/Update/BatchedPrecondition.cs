using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// The UPDATE of one row that an INSERT depends on, written in the INSERT's own statement: the old row of a
/// replacement (a retired revision, a row deleted for its new record) is updated, and only if that found the row as it
/// was loaded is the new row inserted. Otherwise nothing is written and EF reports a concurrency failure.
/// </summary>
internal sealed class BatchedPrecondition(
    IEntityType table, IReadOnlyList<IProperty> setColumns, object?[] setValues, IReadOnlyList<IProperty> whereColumns, object?[] whereValues)
{
    public IEntityType Table { get; } = table;

    public IReadOnlyList<IProperty> SetColumns { get; } = setColumns;

    public object?[] SetValues { get; } = setValues;

    /// <summary>The key and the concurrency tokens, with the values the row was loaded with.</summary>
    public IReadOnlyList<IProperty> WhereColumns { get; } = whereColumns;

    public object?[] WhereValues { get; } = whereValues;
}
