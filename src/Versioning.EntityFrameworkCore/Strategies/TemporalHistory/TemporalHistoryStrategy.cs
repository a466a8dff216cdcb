using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Temporal history (SQL:2011 system-versioned style): the entity keeps its key, every past state goes to a history
/// table with its validity period, and temporal queries (<c>TemporalAsOf</c> and the others) read both tables.
/// </summary>
internal sealed class TemporalHistoryStrategy : VersioningStrategy
{
    /// <summary>The strategy as users configure it, for messages.</summary>
    public const string DisplayName = "temporal history (HasTemporalHistory / [TemporalHistory])";

    public override StrategyUse? FindUse(IReadOnlyEntityType entityType)
        => entityType.IsTemporal() ? new StrategyUse(DisplayName, DecidesUpdates: true, RecordsOldValues: true) : null;

    public override void AddConventions(ConventionSet conventionSet, ProviderConventionSetBuilderDependencies dependencies)
    {
        conventionSet.Add(new TemporalHistoryAttributeConvention(dependencies));
        conventionSet.Add(new TemporalHistoryConvention());

        // First among the finalizing conventions: EF's own (type mappings, key and index names) must see the history types.
        conventionSet.ModelFinalizingConventions.Insert(0, new TemporalHistoryTableConvention());
    }

    public override void Validate(IReadOnlyEntityType entityType) => TemporalHistoryValidator.Validate(entityType);

    public override object? CreatePlan(IEntityType entityType) => TemporalHistoryPlan.For(entityType);

    public override void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVersioningHandler, TemporalHistoryHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkStatementRewriter, TemporalHistoryBulkStatementRewriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, TemporalQueryPreparation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPurgeParticipant, TemporalHistoryPurge>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueryCheck, TemporalNavigationCheck>());

        // As-of roots carry over to the temporal entity types their navigations reach (as-of object graphs).
        var expansion = services.FirstOrDefault(d => d.ServiceType == typeof(Microsoft.EntityFrameworkCore.Query.INavigationExpansionExtensibilityHelper));
        services.Replace(ServiceDescriptor.Describe(
            typeof(Microsoft.EntityFrameworkCore.Query.INavigationExpansionExtensibilityHelper), typeof(TemporalNavigationExpansion), expansion?.Lifetime ?? ServiceLifetime.Singleton));

        // EF caches the SQL of temporal queries (whatever order the provider and Versioning are configured in).
        TemporalQuerySqlProcessorFactory.Register(services);
    }
}
