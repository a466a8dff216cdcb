using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// What the set-based statements of a save (<see cref="SetBasedUpdates"/>, <see cref="Strategies.AuditTrail.NpgsqlBulkRevisions"/>) need of
/// an entity type: that its entries are whole rows, and which of its columns can go in as one array per column.
/// </summary>
internal static class SetBasedTable
{
    /// <summary>
    /// Whether an entry of <paramref name="entityType"/> holds a whole row of a table of its own, written by EF's plain
    /// statements: no inheritance, owned parts, table sharing, entity splitting or stored procedures, and a single-column primary key that
    /// is not an array. Complex properties are allowed when <paramref name="withComplexColumns"/> is and they are stored
    /// in columns (their values are the entry's, read through its complex members); a writer that copies the entry's
    /// own properties only must not allow them.
    /// </summary>
    public static bool HoldsWholeRows(IEntityType entityType, bool withComplexColumns = false)
        => entityType.BaseType == null
            && !entityType.GetDirectlyDerivedTypes().Any()
            && !entityType.IsOwned()
            && (withComplexColumns ? ComplexMembers.FindUnversionable(entityType) == null : !entityType.GetComplexProperties().Any())
            && entityType.GetTableName() != null
            && !TableSpan.SpansTables(entityType)
            && entityType.GetTableMappings().All(m => m.Table.EntityTypeMappings.Count() == 1)
            && entityType.GetInsertStoredProcedure() == null
            && entityType.GetUpdateStoredProcedure() == null
            && entityType.FindPrimaryKey() is { Properties: [var key] }
            && !IsArray(key);

    /// <summary>Whether the column's values are arrays themselves: one array per column would be an array of arrays.</summary>
    public static bool IsArray(IProperty property)
        => (property.GetRelationalTypeMapping().Converter?.ProviderClrType ?? property.ClrType).IsArray;
}
