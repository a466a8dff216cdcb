using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Turns <see cref="NotVersionedAttribute"/> into the property's not-versioned setting, at data-annotation precedence
/// so that a fluent configuration wins.
/// </summary>
public sealed class NotVersionedAttributeConvention : PropertyAttributeConventionBase<NotVersionedAttribute>
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    public NotVersionedAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected override void ProcessPropertyAdded(
        IConventionPropertyBuilder propertyBuilder,
        NotVersionedAttribute attribute,
        MemberInfo clrMember,
        IConventionContext context)
        => propertyBuilder.HasAnnotation(VersioningAnnotationNames.NotVersioned, true, fromDataAnnotation: true);
}
