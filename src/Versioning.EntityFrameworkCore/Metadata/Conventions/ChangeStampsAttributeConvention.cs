using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Internal;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Turns <see cref="ChangeStampsAttribute"/> on an entity class into the change-stamps setting, at data-annotation
/// precedence so that a fluent <c>HasChangeStamps(...)</c> call wins, and rejects it on a complex type (declaring
/// <see cref="IComplexPropertyAddedConvention"/> is what makes EF report complex types to the base class).
/// </summary>
public sealed class ChangeStampsAttributeConvention : TypeAttributeConventionBase<ChangeStampsAttribute>, IComplexPropertyAddedConvention
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

    /// <inheritdoc />
    protected override void ProcessComplexTypeAdded(
        IConventionComplexTypeBuilder complexTypeBuilder,
        ChangeStampsAttribute attribute,
        IConventionContext context)
        => throw ComplexTypeAttributeGuard.Rejection(complexTypeBuilder, "ChangeStamps");
}
