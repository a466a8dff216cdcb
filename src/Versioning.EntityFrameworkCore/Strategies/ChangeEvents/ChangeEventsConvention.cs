using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// Shapes the model of an entity type that writes change events: adds <c>StreamVersion</c> (<see cref="long"/>, shadow
/// unless the class declares it), the version of the entity's last event, as a concurrency token, so that a save from a
/// stale copy of the entity fails with EF's <c>DbUpdateConcurrencyException</c> instead of writing an event with a
/// version another save already wrote.
/// </summary>
internal sealed class ChangeEventsConvention : IEntityTypeAnnotationChangedConvention
{
    /// <summary>The name of the property that holds the version of the entity's last event.</summary>
    public const string StreamVersion = nameof(ChangeEvent.StreamVersion);

    /// <inheritdoc />
    public void ProcessEntityTypeAnnotationChanged(
        IConventionEntityTypeBuilder entityTypeBuilder,
        string name,
        IConventionAnnotation? annotation,
        IConventionAnnotation? oldAnnotation,
        IConventionContext<IConventionAnnotation> context)
    {
        if (name != VersioningAnnotationNames.ChangeEvents)
        {
            return;
        }

        if (annotation?.Value is true)
        {
            BookkeepingPropertyConfigurer.Add(entityTypeBuilder, StreamVersion, typeof(long));
            entityTypeBuilder.Metadata.FindProperty(StreamVersion)?.Builder.IsConcurrencyToken(true);
        }
        else
        {
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, StreamVersion);
        }
    }
}
