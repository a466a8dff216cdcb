using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// Turns <see cref="ChangeEventsAttribute"/> on an entity class into the change-events setting, at data-annotation
/// precedence so that a fluent <c>HasChangeEvents(...)</c> call wins.
/// </summary>
internal sealed class ChangeEventsAttributeConvention : StrategyAttributeConventionBase<ChangeEventsAttribute>
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    public ChangeEventsAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected override void ProcessEntityTypeAdded(
        IConventionEntityTypeBuilder entityTypeBuilder,
        ChangeEventsAttribute attribute,
        IConventionContext<IConventionEntityTypeBuilder> context)
        => entityTypeBuilder.HasChangeEvents(fromDataAnnotation: true);
}
