using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Turns <see cref="TrackActivityAttribute"/> into the property's activity action, at data-annotation precedence so
/// that a fluent <c>Track(...)</c> wins.
/// </summary>
public sealed class TrackActivityAttributeConvention : PropertyAttributeConventionBase<TrackActivityAttribute>
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    public TrackActivityAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected override void ProcessPropertyAdded(
        IConventionPropertyBuilder propertyBuilder,
        TrackActivityAttribute attribute,
        MemberInfo clrMember,
        IConventionContext context)
        => propertyBuilder.HasAnnotation(VersioningAnnotationNames.ActivityAction, attribute.Action ?? "", fromDataAnnotation: true);
}
