using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// Turns <see cref="AuditTrailAttribute"/> on an entity class into the audit-trail setting, at data-annotation precedence
/// so that a fluent <c>HasAuditTrail(...)</c> call wins.
/// </summary>
internal sealed class AuditTrailAttributeConvention : StrategyAttributeConventionBase<AuditTrailAttribute>
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    public AuditTrailAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected override void ProcessEntityTypeAdded(
        IConventionEntityTypeBuilder entityTypeBuilder,
        AuditTrailAttribute attribute,
        IConventionContext<IConventionEntityTypeBuilder> context)
        => entityTypeBuilder.HasAuditTrail(fromDataAnnotation: true);
}
