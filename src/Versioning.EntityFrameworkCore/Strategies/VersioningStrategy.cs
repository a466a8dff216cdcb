using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// One way of keeping history (change stamps, soft delete, audit trail, temporal history, activity log), as the shared
/// code sees it. Everything else about a strategy (its conventions, validator, plan, save handler, bulk-statement policy
/// and queries) lives in its own folder under <c>Strategies/</c>; the shared code (convention plugin, model validation,
/// save plan, combination check, service registration) only loops over <see cref="VersioningStrategies.All"/>.
/// </summary>
/// <remarks>
/// Strategies are stateless singletons. See ARCHITECTURE.md for how to add one.
/// </remarks>
internal abstract class VersioningStrategy
{
    /// <summary>
    /// How the strategy shows in messages and combination checks when <paramref name="entityType"/> uses it, or
    /// <see langword="null"/> when it does not.
    /// </summary>
    public abstract StrategyUse? FindUse(IReadOnlyEntityType entityType);

    /// <summary>Adds the strategy's model conventions (attributes, bookkeeping properties, filters, indexes).</summary>
    public abstract void AddConventions(ConventionSet conventionSet, ProviderConventionSetBuilderDependencies dependencies);

    /// <summary>Throws a clear error when the finished model configures the strategy on a type in a way it cannot honour.</summary>
    public abstract void Validate(IReadOnlyEntityType entityType);

    /// <summary>
    /// What the save pipeline needs to know about <paramref name="entityType"/> (resolved once per model), or
    /// <see langword="null"/> when the type does not use the strategy. Handlers read it with <see cref="EntitySavePlan.Find{TPlan}"/>.
    /// </summary>
    public abstract object? CreatePlan(IEntityType entityType);

    /// <summary>
    /// Where the strategy keeps the tenant of <paramref name="entityType"/>'s rows, when it keeps one (tenancy), read
    /// from the model alone. Unlike the save plan, it also works on a migration's model, which may predate columns other
    /// strategies' plans need: capture triggers built by a migration read it.
    /// </summary>
    public virtual IEntityTenant? FindEntityTenant(IEntityType entityType) => null;

    /// <summary>
    /// Registers the strategy's runtime services in EF's internal service provider: its save handler
    /// (<c>IVersioningHandler</c>), its bulk-statement rewriter (<c>IBulkStatementRewriter</c>) and any interceptor.
    /// </summary>
    public abstract void AddServices(IServiceCollection services);
}
