using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Validates the Versioning configuration of the finished model, so that a mistake surfaces when the model is
/// built (the first use of the context) with a message saying what to change, never as a failure at SaveChanges:
/// each strategy's own checks, in the order of <see cref="VersioningStrategies.All"/>, then their combination.
/// </summary>
internal sealed class VersioningModelValidationConvention : IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            foreach (var strategy in VersioningStrategies.All)
            {
                strategy.Validate(entityType);
            }

            StrategyCombinationValidator.Validate(entityType);
        }
    }
}
