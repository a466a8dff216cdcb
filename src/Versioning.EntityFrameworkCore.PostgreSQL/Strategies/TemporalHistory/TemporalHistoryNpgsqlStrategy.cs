using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.TemporalHistory;

/// <summary>
/// Temporal history on PostgreSQL: no two periods of one key overlap, whoever writes the rows. When a history table is
/// created, <c>EXCLUDE USING gist (key WITH =, tstzrange(valid_from, valid_to) WITH &amp;&amp;)</c> is added to it (EF's
/// model cannot express an exclusion constraint); the btree_gist extension it needs is declared by
/// <see cref="TemporalHistoryNpgsqlConvention"/>.
/// </summary>
internal sealed class TemporalHistoryNpgsqlStrategy : NpgsqlVersioningStrategy
{
    public override void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
        => conventionSet.Add(new TemporalHistoryNpgsqlConvention());

    /// <summary>Bulk statements on temporal entity types write their history rows in the statement itself.</summary>
    public override void AddServices(IServiceCollection services)
        => services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkCaptureWriter, TemporalHistoryBulkCapture>());

    /// <summary>
    /// The capture triggers of a temporal entity type write its history, masking the redacted columns. Read from the entity type alone: the target model
    /// of an old migration (its designer file) may lack what a temporal plan needs.
    /// </summary>
    public override string? CaptureFingerprint(IEntityType entityType)
    {
        if (!entityType.IsTemporal())
        {
            return null;
        }

        var masked = ComplexMembers.RowPropertiesOf<IProperty>(entityType).Where(p => p.IsRedacted()).Select(ComplexMembers.PathOf).ToList();
        return masked.Count == 0 ? "temporal history" : "temporal history (masked: " + string.Join(", ", masked) + ")";
    }

    /// <summary>The deferred delete triggers of the captured temporal tables, one name per schema.</summary>
    public override IEnumerable<string> DeferredCaptureTriggers(IModel model, ISqlGenerationHelper sql)
        => model.GetEntityTypes().Where(e => e.IsTemporal() && e.IsDatabaseCaptured())
            .Select(e => TemporalHistoryCapture.DeferredTrigger(e.GetSchema(), sql)).Distinct();

    /// <summary>A history table's exclusion constraint: no two periods of one key overlap.</summary>
    public override (string Name, string Definition)? ConstraintOf(ITable table, ISqlGenerationHelper sql)
    {
        if (FindHistoryEntityType(table) is not { } history)
        {
            return null;
        }

        var storeObject = StoreObjectIdentifier.Table(table.Name, table.Schema);
        var keyColumns = history.FindPrimaryKey()!.Properties
            .Where(p => p.Name != TemporalPropertyNames.Version)
            .Select(p => sql.DelimitIdentifier(p.GetColumnName(storeObject)!) + " WITH =");
        var validFrom = history.GetProperty(TemporalPropertyNames.ValidFrom);
        var validTo = history.GetProperty(TemporalPropertyNames.ValidTo);
        var rangeType = IsWithoutTimeZone(validFrom.GetColumnType(storeObject)) ? "tsrange" : "tstzrange";
        var definition = new StringBuilder("EXCLUDE USING gist (")
            .Append(string.Join(", ", keyColumns))
            .Append(", ").Append(rangeType).Append('(')
            .Append(sql.DelimitIdentifier(validFrom.GetColumnName(storeObject)!)).Append(", ")
            .Append(sql.DelimitIdentifier(validTo.GetColumnName(storeObject)!)).Append(") WITH &&)")
            .ToString();
        return (ConstraintName(table.Name), definition);
    }

    /// <summary>The exclusion constraint is named after its table, so it follows a renamed history table.</summary>
    public override string? AfterRenameTable(RenameTableOperation operation, IModel? model, ISqlGenerationHelper sql)
    {
        var newName = operation.NewName ?? operation.Name;
        var newSchema = operation.NewSchema ?? operation.Schema;
        if (newName == operation.Name || FindHistoryEntityType(newName, newSchema, model) == null)
        {
            return null;
        }

        return new StringBuilder()
            .Append("ALTER TABLE ").Append(sql.DelimitIdentifier(newName, newSchema))
            .Append(" RENAME CONSTRAINT ").Append(sql.DelimitIdentifier(ConstraintName(operation.Name)))
            .Append(" TO ").Append(sql.DelimitIdentifier(ConstraintName(newName)))
            .ToString();
    }

    /// <summary>
    /// Rows of a table temporal history is added to become version 1, valid from the migration's time (UTC).
    /// </summary>
    public override string? ExistingRowsValue(IProperty property, string? storeType)
        => property.DeclaringType is IEntityType entityType && entityType.IsTemporal()
            ? property.Name switch
            {
                TemporalPropertyNames.Version => "1",
                TemporalPropertyNames.ValidFrom => IsWithoutTimeZone(storeType) ? "(now() AT TIME ZONE 'UTC')" : "now()",
                _ => null,
            }
            : null;

    /// <summary>
    /// At the end of a migration that touched <paramref name="table"/>: its capture triggers re-created from the target
    /// model when its entity type has <c>HasDatabaseCapture()</c> (the function lists the columns, which the migration may
    /// have changed), else dropped when the migration may have removed them.
    /// </summary>
    public override IEnumerable<string> AfterTableMigrated(string table, string? schema, bool mayHaveHadThem, IModel? model, ISqlGenerationHelper sql)
    {
        // The table itself, or the history table of a captured entity type (the function lists the history's columns).
        var entityTypes = model?.GetRelationalModel().FindTable(table, schema)?.EntityTypeMappings
            .Select(m => m.TypeBase).OfType<IEntityType>()
            .Select(e => e.GetTemporalHistoryOf() is { } owner ? model.FindEntityType(owner) : e) ?? [];
        var captured = entityTypes.FirstOrDefault(e => e != null && e.IsTemporal() && e.IsDatabaseCaptured());
        if (captured != null && captured.FindProperty(TemporalPropertyNames.ChangedBy) == null)
        {
            // The target model of a migration made before authorship (its designer file): the table has no author yet, and
            // the migration that adds it (which every application on this version has) creates the triggers.
            return [];
        }

        return captured != null
            ? TemporalHistoryCapture.Create(captured, sql)
            : mayHaveHadThem ? [TemporalHistoryCapture.Drop(table, schema, sql)] : [];
    }

    /// <summary>The authors of existing versions move when authorship comes to a history table (or goes).</summary>
    public override IEnumerable<string> MigrateData(
        IReadOnlyList<MigrationOperation> operations, bool beforeOperations, IModel? model, ISqlGenerationHelper sql)
        => TemporalAuthorshipMigration.For(operations, beforeOperations, model, sql);

    /// <summary>The constraint's name: the table's name + "_no_overlap", cut to PostgreSQL's 63-character limit.</summary>
    private static string ConstraintName(string table)
        => PostgresIdentifier.Named("", table, "_no_overlap");

    /// <summary>Whether a column of <paramref name="storeType"/> holds times without time zone (Versioning writes UTC to them).</summary>
    internal static bool IsWithoutTimeZone(string? storeType)
        => storeType is { } type
            && (type.Equals("timestamp", StringComparison.OrdinalIgnoreCase)
                || type.StartsWith("timestamp without", StringComparison.OrdinalIgnoreCase));

    private static IEntityType? FindHistoryEntityType(string table, string? schema, IModel? model)
        => model?.GetRelationalModel().FindTable(table, schema) is { } found ? FindHistoryEntityType(found) : null;

    /// <summary>The history entity type Versioning added and mapped to <paramref name="table"/>, or <see langword="null"/>.</summary>
    internal static IEntityType? FindHistoryEntityType(ITable table)
        => table.EntityTypeMappings
            .Select(m => m.TypeBase)
            .OfType<IEntityType>()
            .FirstOrDefault(e => e.GetTemporalHistoryOf() != null);
}
