using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>
/// Turns <see cref="MultiTenantAttribute"/> on an entity class into the tenancy setting, at data-annotation precedence
/// so that a fluent <c>HasTenant(...)</c> call wins.
/// </summary>
internal sealed class MultiTenantAttributeConvention : StrategyAttributeConventionBase<MultiTenantAttribute>
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    public MultiTenantAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected override void ProcessEntityTypeAdded(
        IConventionEntityTypeBuilder entityTypeBuilder,
        MultiTenantAttribute attribute,
        IConventionContext<IConventionEntityTypeBuilder> context)
        => entityTypeBuilder.HasTenant(true, fromDataAnnotation: true);
}
