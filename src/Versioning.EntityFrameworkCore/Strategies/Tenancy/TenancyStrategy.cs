using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>
/// Tenancy: a <c>TenantId</c> stamped on insert, a named query filter that hides other tenants' rows, and the refusal of
/// writes to them (SaveChanges and bulk statements), unless a tenant bypass is open on the context.
/// </summary>
internal sealed class TenancyStrategy : VersioningStrategy
{
    /// <summary>The strategy as users configure it, for messages.</summary>
    public const string DisplayName = "tenancy (HasTenant / [MultiTenant])";

    // Isolation writes nothing on a delete: the database may cascade deletes of a tenant's rows as it likes.
    public override StrategyUse? FindUse(IReadOnlyEntityType entityType)
        => entityType.IsMultiTenant() ? new StrategyUse(DisplayName, VersionsDeletes: false) : null;

    public override void AddConventions(ConventionSet conventionSet, ProviderConventionSetBuilderDependencies dependencies)
    {
        conventionSet.Add(new MultiTenantAttributeConvention(dependencies));
        conventionSet.Add(new TenancyConvention());
        conventionSet.Add(new TenantLibraryTableConvention());
    }

    public override void Validate(IReadOnlyEntityType entityType) => TenancyValidator.Validate(entityType);

    public override object? CreatePlan(IEntityType entityType) => TenancyPlan.For(entityType);

    public override IEntityTenant? FindEntityTenant(IEntityType entityType) => TenancyPlan.For(entityType);

    public override void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVersioningHandler, TenancyHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkStatementRewriter, TenancyBulkStatementRewriter>());
    }
}
