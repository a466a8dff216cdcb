using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Internal;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Turns <see cref="AuditTrailAttribute"/> on an entity class into the audit-trail setting, at data-annotation precedence
/// so that a fluent <c>HasAuditTrail(...)</c> call wins, and rejects it on a complex type.
/// </summary>
public sealed class AuditTrailAttributeConvention : TypeAttributeConventionBase<AuditTrailAttribute>, IComplexPropertyAddedConvention
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

    /// <inheritdoc />
    protected override void ProcessComplexTypeAdded(
        IConventionComplexTypeBuilder complexTypeBuilder,
        AuditTrailAttribute attribute,
        IConventionContext context)
        => throw ComplexTypeAttributeError.For(complexTypeBuilder, "AuditTrail");
}
