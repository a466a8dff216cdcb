using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Turns <see cref="ActivityLogAttribute"/> on an entity class into the activity-log setting, at data-annotation
/// precedence so that a fluent <c>HasActivityLog(...)</c> call wins.
/// </summary>
internal sealed class ActivityLogAttributeConvention : StrategyAttributeConventionBase<ActivityLogAttribute>
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
}
