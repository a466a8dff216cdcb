using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Storage.Internal;

/// <summary>
/// Where the activity log lives in the database, as the model maps it (table, schema, column names, type mappings),
/// for the statements Versioning writes itself. Resolved once per model and cached as a runtime annotation.
/// </summary>
internal sealed class ActivityLogTableMap
{
    private ActivityLogTableMap(IEntityType entityType)
    {
        Table = entityType.GetTableName()!;
        Schema = entityType.GetSchema();
        var table = StoreObjectIdentifier.Table(Table, Schema);
        Columns =
        [
            .. entityType.GetProperties()
                .Select(p => new Column(p, p.GetColumnName(table)!, p.GetRelationalTypeMapping(), p.GetGetter())),
        ];
    }

    public string Table { get; }

    public string? Schema { get; }

    /// <summary>The columns an insert writes: every mapped property (the key is assigned by Versioning).</summary>
    public IReadOnlyList<Column> Columns { get; }

    public static ActivityLogTableMap For(DbContext context)
    {
        var entityType = context.Model.FindEntityType(typeof(ActivityLogEntry))
            ?? throw new InvalidOperationException(VersioningStrings.ActivityLogNotMapped(TypeDisplayNames.Of(context.GetType())));
        return entityType.GetOrAddRuntimeAnnotationValue(
            VersioningAnnotationNames.ActivityLogTable, static t => new ActivityLogTableMap(t!), entityType);
    }

    internal sealed record Column(IProperty Property, string Name, RelationalTypeMapping TypeMapping, IClrPropertyGetter Getter)
    {
        public object? ValueOf(ActivityLogEntry row) => Getter.GetClrValueUsingContainingEntity(row);
    }
}
