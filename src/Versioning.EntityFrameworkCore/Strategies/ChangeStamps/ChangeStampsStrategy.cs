using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeStamps;

/// <summary>Change stamps: <c>CreatedAt/By</c> and <c>UpdatedAt/By</c> on the entity's own row.</summary>
internal sealed class ChangeStampsStrategy : VersioningStrategy
{
    /// <summary>The strategy as users configure it, for messages.</summary>
    public const string DisplayName = "change stamps (HasChangeStamps / [ChangeStamps])";

    public override StrategyUse? FindUse(IReadOnlyEntityType entityType)
        => entityType.HasChangeStamps() ? new StrategyUse(DisplayName, VersionsDeletes: false) : null;

    public override void AddConventions(ConventionSet conventionSet, ProviderConventionSetBuilderDependencies dependencies)
    {
        conventionSet.Add(new ChangeStampsAttributeConvention(dependencies));
        conventionSet.Add(new ChangeStampsConvention());
    }

    public override void Validate(IReadOnlyEntityType entityType) => ChangeStampsValidator.Validate(entityType);

    public override object? CreatePlan(IEntityType entityType) => ChangeStampsPlan.For(entityType);

    public override void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVersioningHandler, ChangeStampsHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkStatementRewriter, ChangeStampsBulkUpdateRewriter>());
    }
}
