using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata.Builders;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Fluent configuration of the Versioning strategies on an entity type.
/// </summary>
public static class VersioningEntityTypeBuilderExtensions
{
    #region Change stamps

    /// <summary>
    /// Keeps change stamps on the entity: <c>CreatedAt</c>, <c>CreatedBy</c>, <c>UpdatedAt</c>, <c>UpdatedBy</c>.
    /// An insert sets all four (updated = created), an update sets <c>UpdatedAt/UpdatedBy</c>, and
    /// <c>CreatedAt/CreatedBy</c> are never written after the insert. CLR properties with those names are used
    /// when declared, shadow properties otherwise. Overrides <see cref="Versioning.ChangeStampsAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled"><see langword="false"/> turns change stamps off (for example to override the attribute).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasChangeStamps(this EntityTypeBuilder entityTypeBuilder, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetHasChangeStamps(enabled);
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasChangeStamps(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasChangeStamps<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled = true)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasChangeStamps((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Keeps change stamps on the entity, from a convention or an attribute. Returns <see langword="null"/> when a
    /// configuration of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to keep change stamps; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasChangeStamps(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetChangeStamps(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetHasChangeStamps(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    /// <summary>Returns whether change stamps can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetChangeStamps(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.ChangeStamps, enabled, fromDataAnnotation);

    #endregion

    #region Temporal history

    /// <summary>
    /// Keeps the temporal history of the entity: its table gains <c>ValidFrom</c> and <c>Version</c>, and each update
    /// or delete copies the previous state with its period [<c>ValidFrom</c>, <c>ValidTo</c>), <c>Version</c> and
    /// <c>ChangedBy</c> to a history table, in the same transaction. Query it with <c>TemporalAsOf</c>,
    /// <c>TemporalAll</c>, <c>TemporalBetween</c>, <c>TemporalFromTo</c>, <c>TemporalContainedIn</c> and <c>History</c>.
    /// Overrides <see cref="Versioning.TemporalHistoryAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="configure">Configures the history table, e.g. <c>t =&gt; t.ToTable("document_history")</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasTemporalHistory(this EntityTypeBuilder entityTypeBuilder, Action<TemporalHistoryBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetIsTemporal(true);
        configure?.Invoke(new TemporalHistoryBuilder(entityTypeBuilder.Metadata));
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasTemporalHistory(EntityTypeBuilder, Action{TemporalHistoryBuilder})"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasTemporalHistory<TEntity>(
        this EntityTypeBuilder<TEntity> entityTypeBuilder, Action<TemporalHistoryBuilder>? configure = null)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasTemporalHistory((EntityTypeBuilder)entityTypeBuilder, configure);

    /// <summary>Turns temporal history on or off (for example to override the attribute).</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled"><see langword="false"/> turns temporal history off.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasTemporalHistory(this EntityTypeBuilder entityTypeBuilder, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetIsTemporal(enabled);
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasTemporalHistory(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasTemporalHistory<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasTemporalHistory((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Keeps a temporal history, from a convention or an attribute. Returns <see langword="null"/> when a configuration
    /// of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to keep a temporal history; <see langword="null"/> removes the setting.</param>
    /// <param name="table">The history table name, or <see langword="null"/> for the default.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasTemporalHistory(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, string? table = null, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetTemporalHistory(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetIsTemporal(enabled, fromDataAnnotation);
        if (table != null && entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.TemporalHistoryTable, table, fromDataAnnotation))
        {
            entityTypeBuilder.Metadata.SetTemporalHistoryTableName(table, fromDataAnnotation);
        }

        return entityTypeBuilder;
    }

    /// <summary>Returns whether temporal history can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetTemporalHistory(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.TemporalHistory, enabled, fromDataAnnotation);

    #endregion
}
