using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>Names Versioning gives to what it adds for a temporal entity type.</summary>
internal static class TemporalHistoryNames
{
    /// <summary>
    /// The name of the shared-type history entity type. The '$' keeps it from clashing with any CLR type name the
    /// application could map (a class called <c>DocumentHistory</c> stays the application's own).
    /// </summary>
    public static string EntityTypeName(IReadOnlyEntityType entityType) => entityType.Name + "$TemporalHistory";

    /// <summary>
    /// The history property that holds the values of <paramref name="property"/>: its name, or for a property of a
    /// complex type its path (<c>Home.City</c>), which no property of the entity can have.
    /// </summary>
    public static string HistoryPropertyName(IReadOnlyProperty property) => ComplexMembers.PathOf(property);

    /// <summary>
    /// The default history table: the entity's table + "History". Set at convention level, so a naming convention
    /// rewrites it like any table (<c>documents_history</c> under snake_case).
    /// </summary>
    public static string DefaultTableName(IReadOnlyEntityType entityType) => (entityType.GetTableName() ?? entityType.ShortName()) + "History";
}
