using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Activity log: one central table with a row per create and delete, per changed field, and per named domain activity.
/// </summary>
internal sealed class ActivityLogStrategy : VersioningStrategy
{
    /// <summary>The strategy as users configure it, for messages.</summary>
    public const string DisplayName = "an activity log (HasActivityLog / [ActivityLog])";

    // The log would have to describe one row replaced by another under a new key; until that is designed, model
    // validation says so rather than log it wrongly.
    public override StrategyUse? FindUse(IReadOnlyEntityType entityType)
        => entityType.HasActivityLog() ? new StrategyUse(DisplayName, RecordsOldValues: true) : null;

    public override void AddConventions(ConventionSet conventionSet, ProviderConventionSetBuilderDependencies dependencies)
    {
        conventionSet.Add(new ActivityLogAttributeConvention(dependencies));
        conventionSet.Add(new TrackActivityAttributeConvention(dependencies));

        // First among entity-type-added conventions, so naming conventions (snake_case) rewrite the default table name,
        // and first among finalizing ones, so the log's indexes are named and validated like the application's own.
        var table = new ActivityLogTableConvention();
        conventionSet.EntityTypeAddedConventions.Insert(0, table);
        conventionSet.EntityTypeAnnotationChangedConventions.Add(table);
        conventionSet.ModelFinalizingConventions.Insert(0, table);
    }

    public override void Validate(IReadOnlyEntityType entityType) => ActivityLogValidator.Validate(entityType);

    public override object? CreatePlan(IEntityType entityType) => ActivityLogPlan.For(entityType);

    public override void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVersioningHandler, ActivityLogHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkStatementRewriter, ActivityLogBulkStatementRewriter>());
    }
}
