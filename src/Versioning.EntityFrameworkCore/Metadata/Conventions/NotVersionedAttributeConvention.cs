using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>Turns <see cref="NotVersionedAttribute"/> into the property's not-versioned setting; a fluent configuration wins.</summary>
/// <param name="dependencies">The convention's dependencies.</param>
internal sealed class NotVersionedAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
    : PropertyAnnotationAttributeConventionBase<NotVersionedAttribute>(dependencies, VersioningAnnotationNames.NotVersioned)
{
    /// <inheritdoc />
    protected override object ValueOf(NotVersionedAttribute attribute) => true;
}
