using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// Maps the library's <see cref="ChangeEvent"/> into the application's model as soon as one entity type writes change
/// events (so migrations and <c>EnsureCreated</c> create the outbox), names its table <c>ChangeEvents</c> before the
/// application's naming convention runs, makes a stream's versions unique, indexes it for the relay, and takes it out
/// again when no entity type uses it any more and the application did not map it itself.
/// </summary>
internal sealed class ChangeEventsTableConvention
    : IEntityTypeAnnotationChangedConvention, IEntityTypeAddedConvention, IModelFinalizingConvention
{
    /// <summary>The default table name, before the application's naming convention.</summary>
    public const string DefaultTableName = "ChangeEvents";

    /// <inheritdoc />
    public void ProcessEntityTypeAnnotationChanged(
        IConventionEntityTypeBuilder entityTypeBuilder,
        string name,
        IConventionAnnotation? annotation,
        IConventionAnnotation? oldAnnotation,
        IConventionContext<IConventionAnnotation> context)
    {
        if (name == VersioningAnnotationNames.ChangeEvents && annotation?.Value is true)
        {
            // Data-annotation precedence: EF's model cleanup removes convention-added types no navigation reaches.
            entityTypeBuilder.ModelBuilder.Entity(typeof(ChangeEvent), fromDataAnnotation: true);
        }
    }

    /// <inheritdoc />
    public void ProcessEntityTypeAdded(IConventionEntityTypeBuilder entityTypeBuilder, IConventionContext<IConventionEntityTypeBuilder> context)
    {
        if (entityTypeBuilder.Metadata.ClrType == typeof(ChangeEvent))
        {
            entityTypeBuilder.ToTable(DefaultTableName);
        }
    }

    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var eventType = modelBuilder.Metadata.FindEntityType(typeof(ChangeEvent));
        if (eventType == null)
        {
            return;
        }

        if (eventType.GetConfigurationSource() != ConfigurationSource.Explicit
            && !modelBuilder.Metadata.GetEntityTypes().Any(t => t.HasChangeEvents()))
        {
            modelBuilder.HasNoEntityType(eventType, fromDataAnnotation: true);
            return;
        }

        // Versioning assigns the key itself (a version 7 UUID of the save's time).
        eventType.FindProperty(nameof(ChangeEvent.Id))?.Builder.ValueGenerated(ValueGenerated.Never, fromDataAnnotation: true);

        // A stream's versions are gapless and unique: the database refuses a second event with a version already written
        // (a writer that bypassed the entity's concurrency token), and the relay finds a stream's earlier events by it.
        eventType.Builder.HasIndex(
            [nameof(ChangeEvent.StreamType), nameof(ChangeEvent.StreamId), nameof(ChangeEvent.StreamVersion)], fromDataAnnotation: true)
            ?.IsUnique(true, fromDataAnnotation: true);

        // The relay claims the pending events that are due.
        eventType.Builder.HasIndex([nameof(ChangeEvent.Status), nameof(ChangeEvent.NextAttemptAt)], fromDataAnnotation: true);
    }
}
