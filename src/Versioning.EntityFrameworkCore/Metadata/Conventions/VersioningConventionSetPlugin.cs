using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Adds the Versioning conventions to the model building of a context that called <c>UseVersioning()</c>.
/// </summary>
public sealed class VersioningConventionSetPlugin : IConventionSetPlugin
{
    private readonly ProviderConventionSetBuilderDependencies _dependencies;

    /// <summary>Creates the plugin.</summary>
    /// <param name="dependencies">The dependencies of provider conventions.</param>
    public VersioningConventionSetPlugin(ProviderConventionSetBuilderDependencies dependencies)
        => _dependencies = dependencies;

    /// <inheritdoc />
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        ArgumentNullException.ThrowIfNull(conventionSet);

        conventionSet.Add(new ChangeStampsAttributeConvention(_dependencies));
        conventionSet.Add(new ChangeStampsConvention());
        conventionSet.Add(new SoftDeleteAttributeConvention(_dependencies));
        conventionSet.Add(new SoftDeleteConvention());

        conventionSet.Add(new ActivityLogAttributeConvention(_dependencies));
        conventionSet.Add(new TrackActivityAttributeConvention(_dependencies));
        conventionSet.Add(new NotVersionedAttributeConvention(_dependencies));
        conventionSet.Add(new RedactedAttributeConvention(_dependencies));
        AddActivityLogTableConvention(conventionSet);

        conventionSet.Add(new TemporalHistoryAttributeConvention(_dependencies));
        conventionSet.Add(new TemporalHistoryConvention());

        // First among the finalizing conventions: EF's own (type mappings, key and index names) must see the history types.
        conventionSet.ModelFinalizingConventions.Insert(0, new TemporalHistoryTableConvention());
        conventionSet.Add(new AuditTrailAttributeConvention(_dependencies));
        conventionSet.Add(new AuditTrailConvention());
        conventionSet.Add(new VersioningModelValidationConvention());
        return conventionSet;
    }

    // First among entity-type-added conventions, so naming conventions (snake_case) rewrite the default table name,
    // and first among finalizing ones, so the log's indexes are named and validated like the application's own.
    private static void AddActivityLogTableConvention(ConventionSet conventionSet)
    {
        var convention = new ActivityLogTableConvention();
        conventionSet.EntityTypeAddedConventions.Insert(0, convention);
        conventionSet.EntityTypeAnnotationChangedConventions.Add(convention);
        conventionSet.ModelFinalizingConventions.Insert(0, convention);
    }
}
