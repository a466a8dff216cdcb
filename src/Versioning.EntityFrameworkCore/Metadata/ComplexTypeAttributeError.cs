using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>The error every strategy attribute convention raises when its attribute sits on a complex type.</summary>
internal static class ComplexTypeAttributeError
{
    public static InvalidOperationException For(IConventionComplexTypeBuilder complexTypeBuilder, string attributeName)
        => new(VersioningStrings.StrategyOnComplexType(
            TypeDisplayNames.Of(complexTypeBuilder.Metadata.ClrType),
            attributeName,
            complexTypeBuilder.Metadata.ComplexProperty.DeclaringType.DisplayName()));
}
