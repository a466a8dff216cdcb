using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// Soft delete: a delete flags the row, a named query filter hides it, purge
/// dates and restore. With <c>ReplaceOnUpdate</c>, an update also keeps the old row,
/// flagged deleted, and inserts the new values under a new key.
/// </summary>
internal sealed class SoftDeleteStrategy : VersioningStrategy
{
    /// <summary>The strategy as users configure it, for messages.</summary>
    public const string DisplayName = "soft delete (HasSoftDelete / [SoftDelete])";

    /// <summary>The strategy with <c>ReplaceOnUpdate</c>, for messages.</summary>
    public const string ReplaceOnUpdateDisplayName
        = "soft delete with new record (HasSoftDelete(s => s.ReplaceOnUpdate()) / [SoftDelete(ReplaceOnUpdate = true)])";

    public override StrategyUse? FindUse(IReadOnlyEntityType entityType)
        => !entityType.IsSoftDeletable()
            ? null
            : entityType.IsSoftDeleteReplaceOnUpdate()
                ? new StrategyUse(ReplaceOnUpdateDisplayName, DecidesUpdates: true, ReplacesRows: true, RecordsOldValues: true)
                : new StrategyUse(DisplayName);

    public override void AddConventions(ConventionSet conventionSet, ProviderConventionSetBuilderDependencies dependencies)
    {
        conventionSet.Add(new SoftDeleteAttributeConvention(dependencies));
        conventionSet.Add(new SoftDeleteConvention());
    }

    public override void Validate(IReadOnlyEntityType entityType) => SoftDeleteValidator.Validate(entityType);

    public override object? CreatePlan(IEntityType entityType) => SoftDeletePlan.For(entityType);

    public override void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVersioningHandler, SoftDeleteHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVersioningHandler, ReplaceOnUpdateHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkStatementRewriter, SoftDeleteBulkStatementRewriter>());
    }
}
