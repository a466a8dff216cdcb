using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>Turns <see cref="TrackActivityAttribute"/> into the property's activity action (an empty one is reported by model validation); a fluent configuration wins.</summary>
/// <param name="dependencies">The convention's dependencies.</param>
internal sealed class TrackActivityAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
    : PropertyAnnotationAttributeConventionBase<TrackActivityAttribute>(dependencies, VersioningAnnotationNames.ActivityAction)
{
    /// <inheritdoc />
    protected override object ValueOf(TrackActivityAttribute attribute) => attribute.Action ?? "";
}
