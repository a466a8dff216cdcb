using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Adds the Versioning conventions to the model building of a context that called <c>UseVersioning()</c>: the
/// property markers every strategy may read (<c>[NotVersioned]</c>, <c>[Redacted]</c>), each strategy's conventions, the
/// client-side cascades into versioned tables, and the validation of the finished model.
/// </summary>
internal sealed class VersioningConventionSetPlugin(ProviderConventionSetBuilderDependencies dependencies) : IConventionSetPlugin
{
    /// <inheritdoc />
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        ArgumentNullException.ThrowIfNull(conventionSet);

        conventionSet.Add(new NotVersionedAttributeConvention(dependencies));
        conventionSet.Add(new RedactedAttributeConvention(dependencies));
        foreach (var strategy in VersioningStrategies.All)
        {
            strategy.AddConventions(conventionSet, dependencies);
        }

        conventionSet.Add(new VersionedCascadeConvention());
        conventionSet.Add(new VersioningModelValidationConvention());
        return conventionSet;
    }
}
