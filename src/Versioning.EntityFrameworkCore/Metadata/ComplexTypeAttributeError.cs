using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

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
