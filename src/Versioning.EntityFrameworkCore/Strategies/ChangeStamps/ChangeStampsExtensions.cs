using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Metadata;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

// The change stamps part of VersioningEntityTypeBuilderExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeBuilderExtensions
{
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
}

// The change stamps part of VersioningEntityTypeExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeExtensions
{
    /// <summary>
    /// Returns whether the entity type keeps change stamps (<c>CreatedAt/By</c>, <c>UpdatedAt/By</c>). A derived type
    /// inherits the setting of its nearest base type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when the entity type keeps change stamps.</returns>
    public static bool HasChangeStamps(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.ChangeStamps) as bool? ?? false;

    /// <summary>Sets whether the entity type keeps change stamps.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep change stamps.</param>
    public static void SetHasChangeStamps(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.ChangeStamps, enabled);

    /// <summary>Sets whether the entity type keeps change stamps.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep change stamps; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetHasChangeStamps(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.ChangeStamps, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the change-stamps setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetHasChangeStampsConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.ChangeStamps)?.GetConfigurationSource();
}
