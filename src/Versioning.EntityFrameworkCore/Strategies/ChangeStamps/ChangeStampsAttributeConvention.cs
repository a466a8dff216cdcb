using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeStamps;

/// <summary>
/// Turns <see cref="ChangeStampsAttribute"/> on an entity class into the change-stamps setting, at data-annotation
/// precedence so that a fluent <c>HasChangeStamps(...)</c> call wins.
/// </summary>
internal sealed class ChangeStampsAttributeConvention : StrategyAttributeConventionBase<ChangeStampsAttribute>
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    public ChangeStampsAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected override void ProcessEntityTypeAdded(
        IConventionEntityTypeBuilder entityTypeBuilder,
        ChangeStampsAttribute attribute,
        IConventionContext<IConventionEntityTypeBuilder> context)
        => entityTypeBuilder.HasChangeStamps(fromDataAnnotation: true);
}
