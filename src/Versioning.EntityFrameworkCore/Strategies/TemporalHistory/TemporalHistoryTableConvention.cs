using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Adds the history table of each temporal entity type to the model, so that EnsureCreated and migrations create it
/// like any table, under the application's naming convention. The history entity type is a shared-type entity type
/// with a property bag (<see cref="Dictionary{TKey,TValue}"/>): one property per column of the entity (same names,
/// types and column facets; a complex property's columns by their path, <c>Home.City</c>; the bookkeeping
/// <c>ValidFrom</c>, <c>Version</c> and <c>ChangedBy</c> among them), plus <c>ValidTo</c> and <c>RemovedBy</c>; its key is the entity's key plus
/// <c>Version</c>, and an index on the entity's key plus <c>ValidFrom</c> and <c>ValidTo</c> serves as-of lookups.
/// </summary>
/// <remarks>
/// Runs first among the model-finalizing conventions: by then the entity's properties are all known, and EF's own
/// finalizing conventions (type mappings, key and index naming) still run over the added entity type.
/// Entity types that cannot be temporal (keyless, owned, in a hierarchy, wrong bookkeeping types) are skipped here
/// and reported by the model validation.
/// </remarks>
internal sealed class TemporalHistoryTableConvention : IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes().ToList())
        {
            if (entityType.IsTemporal() && TemporalHistoryValidator.CanHaveHistoryTable(entityType))
            {
                AddHistoryEntityType(modelBuilder, entityType);
            }
        }
    }

    private static void AddHistoryEntityType(IConventionModelBuilder modelBuilder, IConventionEntityType entityType)
    {
        // Data-annotation level: EF's model cleanup removes convention-level entity types no navigation reaches.
        var historyBuilder = modelBuilder.SharedTypeEntity(
            TemporalHistoryNames.EntityTypeName(entityType), typeof(Dictionary<string, object>), fromDataAnnotation: true);
        if (historyBuilder == null)
        {
            return;
        }

        historyBuilder.HasAnnotation(VersioningAnnotationNames.TemporalHistoryOf, entityType.Name);

        // A configured name is used as given (data-annotation level: a naming convention leaves it alone); the default
        // is set at convention level, so a naming convention rewrites it like the entity's own table name.
        var configuredTable = entityType.GetTemporalHistoryTableName();
        historyBuilder.ToTable(
            configuredTable ?? TemporalHistoryNames.DefaultTableName(entityType),
            entityType.GetTemporalHistorySchema() ?? entityType.GetSchema(),
            fromDataAnnotation: configuredTable != null);

        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        foreach (var property in ComplexMembers.RowPropertiesOf<IConventionProperty>(entityType))
        {
            if (!TemporalHistoryPlan.IsExcluded(entityType, property))
            {
                Mirror(historyBuilder, property, table);
            }
        }

        var validFrom = entityType.GetProperty(TemporalPropertyNames.ValidFrom);
        historyBuilder.IndexerProperty(validFrom.ClrType, TemporalPropertyNames.ValidTo)?.IsRequired(true);
        historyBuilder.IndexerProperty(typeof(string), TemporalPropertyNames.RemovedBy)?.IsRequired(false);

        var history = historyBuilder.Metadata;
        var keyProperties = entityType.FindPrimaryKey()!.Properties.Select(p => history.FindProperty(p.Name)!).ToList();
        historyBuilder.PrimaryKey([.. keyProperties, history.FindProperty(TemporalPropertyNames.Version)!]);

        // The as-of lookup of a key: (key, ValidFrom) bounds the scan to the key's versions that started by t, and
        // ValidTo as a third column lets the database test "ValidTo > t" on the index entries, so that only the one
        // matching version is read from the table (the naive range predicate without it measured 2x in the performance baseline).
        historyBuilder.HasIndex(
            [.. keyProperties, history.FindProperty(TemporalPropertyNames.ValidFrom)!, history.FindProperty(TemporalPropertyNames.ValidTo)!]);
    }

    private static void Mirror(IConventionEntityTypeBuilder historyBuilder, IConventionProperty source, StoreObjectIdentifier table)
    {
        var builder = historyBuilder.IndexerProperty(source.ClrType, TemporalHistoryNames.HistoryPropertyName(source));
        if (builder == null)
        {
            return;
        }

        builder.IsRequired(!source.IsNullable && !ComplexMembers.IsInOptionalComplexProperty(source));
        builder.ValueGenerated(ValueGenerated.Never);
        // The column's name in the entity's table (a complex property's columns are prefixed there: Home_City).
        builder.HasColumnName(source.GetColumnName(table));
        if (source.GetValueConverter() is { } converter)
        {
            builder.HasConversion(converter);
        }
        else if (source.GetProviderClrType() is { } providerType)
        {
            builder.HasConversion(providerType);
        }

        if (source.FindAnnotation(RelationalAnnotationNames.ColumnType)?.Value is string columnType)
        {
            builder.HasColumnType(columnType);
        }

        builder.HasMaxLength(source.GetMaxLength());
        builder.HasPrecision(source.GetPrecision());
        builder.HasScale(source.GetScale());
        builder.IsUnicode(source.IsUnicode());
    }
}
