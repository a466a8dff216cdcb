using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>How many tables an entity type's rows are stored in.</summary>
internal static class TableSpan
{
    /// <summary>
    /// Whether a row of <paramref name="entityType"/> is stored in more than one table (a derived type mapped table per
    /// type, entity splitting): EF writes it with one statement per table.
    /// </summary>
    public static bool SpansTables(IEntityType entityType) => entityType.GetTableMappings().Skip(1).Any();
}
