using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// What every strategy attribute convention shares: EF reports the attribute on entity types to the derived class,
/// at data-annotation precedence (so fluent configuration wins), and the attribute on a complex type is rejected with
/// a message naming the entity to put it on. Declaring <see cref="IComplexPropertyAddedConvention"/> is what makes EF
/// report complex types to the base class.
/// </summary>
/// <typeparam name="TAttribute">The strategy attribute.</typeparam>
internal abstract class StrategyAttributeConventionBase<TAttribute> : TypeAttributeConventionBase<TAttribute>, IComplexPropertyAddedConvention
    where TAttribute : Attribute
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    protected StrategyAttributeConventionBase(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected sealed override void ProcessComplexTypeAdded(
        IConventionComplexTypeBuilder complexTypeBuilder,
        TAttribute attribute,
        IConventionContext context)
        => throw ComplexTypeAttributeError.For(complexTypeBuilder, typeof(TAttribute).Name[..^"Attribute".Length]);
}
