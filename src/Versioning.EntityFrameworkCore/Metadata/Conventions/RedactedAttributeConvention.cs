using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>Turns <see cref="RedactedAttribute"/> into the property's redaction setting; a fluent configuration wins.</summary>
/// <param name="dependencies">The convention's dependencies.</param>
internal sealed class RedactedAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
    : PropertyAnnotationAttributeConventionBase<RedactedAttribute>(dependencies, VersioningAnnotationNames.Redacted)
{
    /// <inheritdoc />
    protected override object ValueOf(RedactedAttribute attribute) => true;
}
