using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline.Rows;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Where the activity log lives in the database, as the model maps it (table, schema, column names, type mappings),
/// for the statements Versioning writes itself. Resolved once per model and cached as a runtime annotation.
/// </summary>
internal sealed class ActivityLogTableMap
{
    private ActivityLogTableMap(IEntityType entityType)
    {
        EntityType = entityType;
        Table = entityType.GetTableName()!;
        Schema = entityType.GetSchema();
        var table = StoreObjectIdentifier.Table(Table, Schema);
        Columns =
        [
            .. entityType.GetProperties()
                .Select(p => new Column(p, p.GetColumnName(table)!, p.GetRelationalTypeMapping(), p.GetGetter())),
        ];
        Properties = [.. Columns.Select(c => c.Property)];
        Layout = new RowLayout(entityType, Properties);
    }

    /// <summary>A log row as the save's row writer takes it: every column, in <see cref="Columns"/> order.</summary>
    public RowLayout Layout { get; }

    /// <summary>The entity type the model maps the log to.</summary>
    public IEntityType EntityType { get; }

    /// <summary>The properties of <see cref="Columns"/>, in the same order.</summary>
    public IReadOnlyList<IProperty> Properties { get; }

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

    /// <summary>The values of <paramref name="row"/>, in <see cref="Columns"/> order.</summary>
    public object?[] ValuesOf(ActivityLogEntry row)
    {
        var values = new object?[Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Columns[i].ValueOf(row);
        }

        return values;
    }

    internal sealed record Column(IProperty Property, string Name, RelationalTypeMapping TypeMapping, IClrPropertyGetter Getter)
    {
        public object? ValueOf(ActivityLogEntry row) => Getter.GetClrValueUsingContainingEntity(row);
    }
}
