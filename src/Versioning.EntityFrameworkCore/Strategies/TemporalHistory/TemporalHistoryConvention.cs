using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Shapes a temporal entity type: adds <c>ValidFrom</c>, <c>Version</c> and <c>ChangedBy</c> (the version's author;
/// shadow unless the class declares them)
/// and makes <c>Version</c> a concurrency token, so that two writers updating the same version cannot both close it
/// (the second gets a <see cref="DbUpdateConcurrencyException"/> instead of a second history row for one period).
/// The history table itself is added when the model is finalized, by <see cref="TemporalHistoryTableConvention"/>.
/// </summary>
internal sealed class TemporalHistoryConvention : IEntityTypeAnnotationChangedConvention
{
    /// <inheritdoc />
    public void ProcessEntityTypeAnnotationChanged(
        IConventionEntityTypeBuilder entityTypeBuilder,
        string name,
        IConventionAnnotation? annotation,
        IConventionAnnotation? oldAnnotation,
        IConventionContext<IConventionAnnotation> context)
    {
        if (name != VersioningAnnotationNames.TemporalHistory)
        {
            return;
        }

        if (annotation?.Value is true)
        {
            BookkeepingPropertyConfigurer.Add(entityTypeBuilder, TemporalPropertyNames.ValidFrom, typeof(DateTime));
            BookkeepingPropertyConfigurer.Add(entityTypeBuilder, TemporalPropertyNames.Version, typeof(int));
            BookkeepingPropertyConfigurer.Add(entityTypeBuilder, TemporalPropertyNames.ChangedBy, typeof(string));
            entityTypeBuilder.Metadata.FindProperty(TemporalPropertyNames.Version)?.Builder.IsConcurrencyToken(true);
        }
        else
        {
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, TemporalPropertyNames.ValidFrom);
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, TemporalPropertyNames.Version);
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, TemporalPropertyNames.ChangedBy);
        }
    }
}
