using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Turns a Versioning attribute on a property into one property annotation, at data-annotation precedence so that
/// the fluent configuration wins.
/// </summary>
/// <typeparam name="TAttribute">The attribute.</typeparam>
internal abstract class PropertyAnnotationAttributeConventionBase<TAttribute> : PropertyAttributeConventionBase<TAttribute>
    where TAttribute : Attribute
{
    private readonly string _annotationName;

    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    /// <param name="annotationName">The annotation the attribute sets.</param>
    protected PropertyAnnotationAttributeConventionBase(ProviderConventionSetBuilderDependencies dependencies, string annotationName)
        : base(dependencies)
        => _annotationName = annotationName;

    /// <summary>Returns the annotation's value for the attribute.</summary>
    /// <param name="attribute">The attribute on the property.</param>
    /// <returns>The value.</returns>
    protected abstract object ValueOf(TAttribute attribute);

    /// <inheritdoc />
    protected override void ProcessPropertyAdded(
        IConventionPropertyBuilder propertyBuilder, TAttribute attribute, MemberInfo clrMember, IConventionContext context)
        => propertyBuilder.HasAnnotation(_annotationName, ValueOf(attribute), fromDataAnnotation: true);
}
