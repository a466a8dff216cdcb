using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// Change events: one outbox row per changed entity per save, in the save's transaction, numbered per stream (the
/// entity) by a version the entity carries as a concurrency token.
/// </summary>
internal sealed class ChangeEventsStrategy : VersioningStrategy
{
    /// <summary>The strategy as users configure it, for messages.</summary>
    public const string DisplayName = "change events (HasChangeEvents / [ChangeEvents])";

    // A stream is the entity's key: a strategy that writes an update as a new row under a new key would start a new
    // stream per change, so the two cannot share an entity type (StrategyCombinationValidator).
    public override StrategyUse? FindUse(IReadOnlyEntityType entityType)
        => entityType.HasChangeEvents() ? new StrategyUse(DisplayName, NeedsStableKeys: true, RecordsOldValues: true) : null;

    public override void AddConventions(ConventionSet conventionSet, ProviderConventionSetBuilderDependencies dependencies)
    {
        conventionSet.Add(new ChangeEventsAttributeConvention(dependencies));
        conventionSet.Add(new ChangeEventsConvention());

        // First among entity-type-added conventions, so naming conventions (snake_case) rewrite the default table name,
        // and first among finalizing ones, so the outbox's indexes are named and validated like the application's own.
        var table = new ChangeEventsTableConvention();
        conventionSet.EntityTypeAddedConventions.Insert(0, table);
        conventionSet.EntityTypeAnnotationChangedConventions.Add(table);
        conventionSet.ModelFinalizingConventions.Insert(0, table);
    }

    public override void Validate(IReadOnlyEntityType entityType) => ChangeEventsValidator.Validate(entityType);

    public override object? CreatePlan(IEntityType entityType) => ChangeEventsPlan.For(entityType);

    public override void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVersioningHandler, ChangeEventsHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkStatementRewriter, ChangeEventsBulkStatementRewriter>());
    }
}
