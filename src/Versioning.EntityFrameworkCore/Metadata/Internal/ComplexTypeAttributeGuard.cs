using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Metadata.Internal;

/// <summary>The error of a strategy attribute found on a complex type: strategies apply to entity types only.</summary>
internal static class ComplexTypeAttributeGuard
{
    public static InvalidOperationException Rejection(IConventionComplexTypeBuilder complexTypeBuilder, string attributeName)
        => new(
            VersioningStrings.StrategyOnComplexType(
                TypeDisplayNames.Of(complexTypeBuilder.Metadata.ClrType),
                attributeName,
                complexTypeBuilder.Metadata.ComplexProperty.DeclaringType.DisplayName()));
}
