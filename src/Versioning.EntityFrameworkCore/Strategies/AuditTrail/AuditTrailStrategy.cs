using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// Audit trail: every update retires the current row and inserts the next revision under a new key, in
/// the same table. It switches soft delete on: a delete is the soft delete of the current revision.
/// </summary>
internal sealed class AuditTrailStrategy : VersioningStrategy
{
    /// <summary>The strategy as users configure it, for messages.</summary>
    public const string DisplayName = "audit trail (HasAuditTrail / [AuditTrail])";

    public override StrategyUse? FindUse(IReadOnlyEntityType entityType)
        => entityType.HasAuditTrail() ? new StrategyUse(DisplayName, DecidesUpdates: true, ReplacesRows: true, RecordsOldValues: true) : null;

    public override void AddConventions(ConventionSet conventionSet, ProviderConventionSetBuilderDependencies dependencies)
    {
        conventionSet.Add(new AuditTrailAttributeConvention(dependencies));
        conventionSet.Add(new AuditTrailConvention());
    }

    public override void Validate(IReadOnlyEntityType entityType) => AuditTrailValidator.Validate(entityType);

    public override object? CreatePlan(IEntityType entityType) => AuditTrailPlan.For(entityType);

    public override void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVersioningHandler, AuditTrailHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkStatementRewriter, AuditTrailBulkStatementRewriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPurgeParticipant, AuditTrailPurge>());
    }
}
