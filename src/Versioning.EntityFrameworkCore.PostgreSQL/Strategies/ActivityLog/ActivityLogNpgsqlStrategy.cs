using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ActivityLog;

/// <summary>
/// The activity log on PostgreSQL: bulk statements write their log rows in the statement itself, and with
/// <c>HasDatabaseCapture()</c> the table's triggers log the writes that bypass EF (<see cref="ActivityLogCapture"/>).
/// </summary>
internal sealed class ActivityLogNpgsqlStrategy : NpgsqlVersioningStrategy
{
    public override void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
        => conventionSet.Add(new ActivityLogNpgsqlConvention());

    // Bulk statements on logged entity types write their log rows in the statement itself.
    public override void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkCaptureWriter, ActivityLogBulkCapture>());
    }

    public override string? CaptureRefusal(IEntityType entityType) => ActivityLogCapture.Refusal(entityType);

    /// <summary>
    /// The capture triggers of an activity-logged entity type write its log rows; they depend on what an insert writes, on
    /// each logged field's action and redaction, and on whose tenant a row is (its own when the type is multi-tenant).
    /// </summary>
    public override string? CaptureFingerprint(IEntityType entityType)
        => ActivityLogPlan.For(entityType) is not { } log
            ? null
            : $"activity log ({log.CreateValues}: " + string.Join(
                ", ", log.Properties.Select(p => p.Field + " " + p.Action + (p.IsRedacted ? " redacted" : "") + EnumNamesOf(p.Property))) + ")"
                + (EntityTenant.In(entityType) != null ? " for each row's tenant" : "");

    // A field's enum members are part of what its triggers write: a member added or renamed is a migration that re-creates them.
    private static string EnumNamesOf(IProperty property)
        => property.FindAnnotation(VersioningNpgsqlAnnotationNames.EnumNames)?.Value is string names ? " (" + names + ")" : "";

    /// <summary>
    /// At the end of a migration that touched <paramref name="table"/>: the log capture of its entity type re-created from
    /// the target model (the function lists the columns, which the migration may have changed), else dropped when the
    /// migration may have removed it. A migration that touched the log table re-creates every log capture (the functions
    /// list its columns too).
    /// </summary>
    public override IEnumerable<string> AfterTableMigrated(string table, string? schema, bool mayHaveHadThem, IModel? model, ISqlGenerationHelper sql)
    {
        if (model == null)
        {
            return mayHaveHadThem ? [ActivityLogCapture.Drop(table, schema, sql)] : [];
        }

        var log = model.FindEntityType(typeof(ActivityLogEntry));
        if (log != null && log.GetTableName() == table && log.GetSchema() == schema)
        {
            return model.GetEntityTypes().Where(IsCaptured).SelectMany(e => ActivityLogCapture.Create(e, sql));
        }

        var captured = model.GetRelationalModel().FindTable(table, schema)?.EntityTypeMappings
            .Select(m => m.TypeBase).OfType<IEntityType>().FirstOrDefault(IsCaptured);
        return captured != null
            ? ActivityLogCapture.Create(captured, sql)
            : mayHaveHadThem ? [ActivityLogCapture.Drop(table, schema, sql)] : [];
    }

    /// <summary>Whether the writes of <paramref name="entityType"/> that bypass EF are logged by the database.</summary>
    internal static bool IsCaptured(IReadOnlyEntityType entityType) => entityType.IsDatabaseCaptured() && entityType.HasActivityLog();
}
