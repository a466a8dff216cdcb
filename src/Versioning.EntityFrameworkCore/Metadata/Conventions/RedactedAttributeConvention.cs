using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Turns <see cref="RedactedAttribute"/> into the property's redaction setting, at data-annotation precedence so that
/// a fluent configuration wins.
/// </summary>
public sealed class RedactedAttributeConvention : PropertyAttributeConventionBase<RedactedAttribute>
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    public RedactedAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected override void ProcessPropertyAdded(
        IConventionPropertyBuilder propertyBuilder,
        RedactedAttribute attribute,
        MemberInfo clrMember,
        IConventionContext context)
        => propertyBuilder.HasAnnotation(VersioningAnnotationNames.Redacted, true, fromDataAnnotation: true);
}
