using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// Turns <see cref="SoftDeleteAttribute"/> on an entity class into the soft-delete settings, at data-annotation
/// precedence so that a fluent <c>HasSoftDelete(...)</c> call wins.
/// </summary>
internal sealed class SoftDeleteAttributeConvention : StrategyAttributeConventionBase<SoftDeleteAttribute>
{
    /// <summary>Creates the convention.</summary>
    /// <param name="dependencies">The convention's dependencies.</param>
    public SoftDeleteAttributeConvention(ProviderConventionSetBuilderDependencies dependencies)
        : base(dependencies)
    {
    }

    /// <inheritdoc />
    protected override void ProcessEntityTypeAdded(
        IConventionEntityTypeBuilder entityTypeBuilder,
        SoftDeleteAttribute attribute,
        IConventionContext<IConventionEntityTypeBuilder> context)
    {
        if (entityTypeBuilder.HasSoftDelete(fromDataAnnotation: true) == null)
        {
            return;
        }

        if (attribute.PurgeAfterDays > 0)
        {
            entityTypeBuilder.HasSoftDeletePurgeAfter(TimeSpan.FromDays(attribute.PurgeAfterDays), fromDataAnnotation: true);
        }

        if (attribute.ReplaceOnUpdate)
        {
            entityTypeBuilder.HasSoftDeleteReplaceOnUpdate(fromDataAnnotation: true);
        }
    }
}
