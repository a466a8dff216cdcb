using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Turns <see cref="TemporalHistoryAttribute"/> on an entity class into the temporal-history setting, at data-annotation
/// precedence so that a fluent <c>HasTemporalHistory(...)</c> call wins.
/// </summary>
internal sealed class TemporalHistoryAttributeConvention : StrategyAttributeConventionBase<TemporalHistoryAttribute>
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    public TemporalHistoryAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected override void ProcessEntityTypeAdded(
        IConventionEntityTypeBuilder entityTypeBuilder,
        TemporalHistoryAttribute attribute,
        IConventionContext<IConventionEntityTypeBuilder> context)
        => entityTypeBuilder.HasTemporalHistory(table: attribute.Table, fromDataAnnotation: true);
}
