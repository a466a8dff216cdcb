using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Turns <see cref="ActivityLogAttribute"/> on an entity class into the activity-log setting, at data-annotation
/// precedence so that a fluent <c>HasActivityLog(...)</c> call wins, and rejects it on a complex type.
/// </summary>
public sealed class ActivityLogAttributeConvention : TypeAttributeConventionBase<ActivityLogAttribute>, IComplexPropertyAddedConvention
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    public ActivityLogAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected override void ProcessEntityTypeAdded(
        IConventionEntityTypeBuilder entityTypeBuilder,
        ActivityLogAttribute attribute,
        IConventionContext<IConventionEntityTypeBuilder> context)
        => entityTypeBuilder.HasActivityLog(fromDataAnnotation: true);

    /// <inheritdoc />
    protected override void ProcessComplexTypeAdded(
        IConventionComplexTypeBuilder complexTypeBuilder,
        ActivityLogAttribute attribute,
        IConventionContext context)
        => throw new InvalidOperationException(
            VersioningStrings.StrategyOnComplexType(
                TypeDisplayNames.Of(complexTypeBuilder.Metadata.ClrType),
                "ActivityLog",
                complexTypeBuilder.Metadata.ComplexProperty.DeclaringType.DisplayName()));
}
