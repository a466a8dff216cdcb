using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>PostgreSQL-only Versioning configuration of an entity type.</summary>
public static partial class VersioningNpgsqlEntityTypeBuilderExtensions
{
    /// <summary>
    /// Captures the writes that bypass EF (psql, other applications, raw SQL) into the temporal history and the activity
    /// log of the entity type: migrations (and <c>EnsureCreated</c>) add PL/pgSQL triggers to its table. For temporal
    /// history they copy the old values of a raw <c>UPDATE</c> or <c>DELETE</c> to the history table and start the next
    /// version; for the activity log they write the rows SaveChanges would write for a raw <c>INSERT</c>, <c>UPDATE</c> or
    /// <c>DELETE</c> (one per changed logged field, old and new values as the log's text, redacted fields masked). They
    /// record the actor, reason and correlation id of the transaction-local settings <c>versioning.actor</c>,
    /// <c>versioning.reason</c> and <c>versioning.correlation_id</c> (Versioning sets them in the transactions it begins
    /// or joins through EF). Versioning's own writes are never recorded twice. Requires temporal history
    /// (<c>HasTemporalHistory</c>) or an activity log (<c>HasActivityLog</c>); the activity log's capture refuses, when
    /// the model is built, entity types whose updates write new rows (audit trail, replace-on-update), tables shared by
    /// several entity types, and logged fields whose text the database cannot write as SaveChanges does (floating point,
    /// value converters other than an enum's).
    /// </summary>
    /// <param name="entityTypeBuilder">The entity type's builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasDatabaseCapture(this EntityTypeBuilder entityTypeBuilder)
        => HasDatabaseCapture(entityTypeBuilder, enabled: true);

    /// <inheritdoc cref="HasDatabaseCapture(EntityTypeBuilder)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="entityTypeBuilder">The entity type's builder.</param>
    public static EntityTypeBuilder<TEntity> HasDatabaseCapture<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasDatabaseCapture((EntityTypeBuilder)entityTypeBuilder, enabled: true);

    /// <summary>Turns the capture of <see cref="HasDatabaseCapture(EntityTypeBuilder)"/> on or off (off: the next migration removes the triggers).</summary>
    /// <param name="entityTypeBuilder">The entity type's builder.</param>
    /// <param name="enabled">Whether to capture.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasDatabaseCapture(this EntityTypeBuilder entityTypeBuilder, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.HasAnnotation(VersioningNpgsqlAnnotationNames.DatabaseCapture, enabled ? true : null);
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasDatabaseCapture(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="entityTypeBuilder">The entity type's builder.</param>
    /// <param name="enabled">Whether to capture.</param>
    public static EntityTypeBuilder<TEntity> HasDatabaseCapture<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasDatabaseCapture((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>Whether the writes that bypass EF are captured into the entity type's history (<see cref="HasDatabaseCapture(EntityTypeBuilder)"/>).</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when its table has Versioning's capture triggers.</returns>
    public static bool IsDatabaseCaptured(this IReadOnlyEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return entityType.FindAnnotation(VersioningNpgsqlAnnotationNames.DatabaseCapture)?.Value is true;
    }
}
