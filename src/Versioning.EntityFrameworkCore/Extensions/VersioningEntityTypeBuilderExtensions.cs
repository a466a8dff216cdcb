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

    #region Activity log

    /// <summary>
    /// Keeps an activity log of the entity: each insert writes one <c>CREATE</c> row, each update one row per changed
    /// property (old and new value as invariant text, action <c>UPDATE</c> unless the property names its own), each
    /// delete one <c>DELETE</c> row, into the central activity log table, in the same transaction as the change.
    /// Overrides <see cref="Versioning.ActivityLogAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled"><see langword="false"/> turns the activity log off (for example to override the attribute).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasActivityLog(this EntityTypeBuilder entityTypeBuilder, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetHasActivityLog(enabled);
        return entityTypeBuilder;
    }

    /// <summary>
    /// Keeps an activity log of the entity (see <see cref="HasActivityLog(EntityTypeBuilder, bool)"/>) and configures
    /// its properties: <c>a =&gt; a.Track(p =&gt; p.Price, "PRICE_CHANGE").Ignore(p =&gt; p.Notes).Redact(p =&gt; p.Iban)</c>.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="configure">Configures tracked, ignored and redacted properties.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder<TEntity> HasActivityLog<TEntity>(
        this EntityTypeBuilder<TEntity> entityTypeBuilder, Action<ActivityLogBuilder<TEntity>>? configure = null)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetHasActivityLog(true);
        configure?.Invoke(new ActivityLogBuilder<TEntity>(entityTypeBuilder.Metadata));
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasActivityLog(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasActivityLog<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasActivityLog((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Keeps an activity log of the entity, from a convention or an attribute. Returns <see langword="null"/> when a
    /// configuration of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to keep an activity log; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasActivityLog(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetActivityLog(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetHasActivityLog(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    /// <summary>Returns whether the activity log can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetActivityLog(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.ActivityLog, enabled, fromDataAnnotation);

    #endregion
}
