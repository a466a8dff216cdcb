using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Maps the library's <see cref="ActivityLogEntry"/> into the application's model as soon as one entity type keeps an
/// activity log (so migrations and <c>EnsureCreated</c> create the table), names its table <c>ActivityLogs</c> before
/// the application's naming convention runs (so snake_case makes it <c>activity_logs</c>), indexes it for the log's
/// queries, and takes it out again when no entity type uses it any more and the application did not map it itself.
/// </summary>
internal sealed class ActivityLogTableConvention
    : IEntityTypeAnnotationChangedConvention, IEntityTypeAddedConvention, IModelFinalizingConvention
{
    /// <summary>The default table name, before the application's naming convention.</summary>
    public const string DefaultTableName = "ActivityLogs";

    /// <inheritdoc />
    public void ProcessEntityTypeAnnotationChanged(
        IConventionEntityTypeBuilder entityTypeBuilder,
        string name,
        IConventionAnnotation? annotation,
        IConventionAnnotation? oldAnnotation,
        IConventionContext<IConventionAnnotation> context)
    {
        if (name == VersioningAnnotationNames.ActivityLog && annotation?.Value is true)
        {
            // Data-annotation precedence: EF's model cleanup removes convention-added types no navigation reaches.
            entityTypeBuilder.ModelBuilder.Entity(typeof(ActivityLogEntry), fromDataAnnotation: true);
        }
    }

    /// <inheritdoc />
    public void ProcessEntityTypeAdded(IConventionEntityTypeBuilder entityTypeBuilder, IConventionContext<IConventionEntityTypeBuilder> context)
    {
        // Runs first among the entity-type-added conventions (the plugin inserts it at the front), so a naming
        // convention that rewrites table names when a type is added sees this name.
        if (entityTypeBuilder.Metadata.ClrType == typeof(ActivityLogEntry))
        {
            entityTypeBuilder.ToTable(DefaultTableName);
        }
    }

    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var logType = modelBuilder.Metadata.FindEntityType(typeof(ActivityLogEntry));
        if (logType == null)
        {
            return;
        }

        if (logType.GetConfigurationSource() != ConfigurationSource.Explicit
            && !modelBuilder.Metadata.GetEntityTypes().Any(t => t.HasActivityLog()))
        {
            modelBuilder.HasNoEntityType(logType, fromDataAnnotation: true);
            return;
        }

        // Versioning assigns the key itself (see ActivityLogEntry.Id).
        logType.FindProperty(nameof(ActivityLogEntry.Id))?.Builder.ValueGenerated(ValueGenerated.Never, fromDataAnnotation: true);

        // The log is read per entity, newest first, and purged by age.
        logType.Builder.HasIndex(
            [nameof(ActivityLogEntry.EntityType), nameof(ActivityLogEntry.EntityId), nameof(ActivityLogEntry.Timestamp)]);
        logType.Builder.HasIndex([nameof(ActivityLogEntry.Timestamp)]);
    }
}
