using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

// The tenancy part of VersioningNpgsqlEntityTypeBuilderExtensions: see Extensions/ for the rest.
public static partial class VersioningNpgsqlEntityTypeBuilderExtensions
{
    /// <summary>
    /// Has PostgreSQL itself enforce the tenant isolation of a multi-tenant entity type (<c>HasTenant()</c>), for every
    /// SQL that reaches its table, not only EF's: migrations (and <c>EnsureCreated</c>) enable and force row-level security
    /// on the table (table owners included; superusers and roles with <c>BYPASSRLS</c> always bypass it) with the policy
    /// <c>versioning_tenant_isolation</c>: a row is visible and writable when its tenant column equals the setting
    /// <c>versioning.tenant_id</c>, or when <c>versioning.tenant_bypass</c> is <c>on</c>. Versioning keeps both set on the
    /// connection of every command EF runs for the context and in every transaction EF begins or joins (the context's
    /// tenant; <c>on</c> while <c>BeginTenantBypass</c> is open). Raw SQL must set them itself
    /// (<c>SET LOCAL versioning.tenant_id = 'acme'</c>). A defence in depth against SQL that forgets the tenant, not
    /// against a holder of the application's credentials, who may set any tenant.
    /// </summary>
    /// <param name="entityTypeBuilder">The entity type's builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasTenantRowLevelSecurity(this EntityTypeBuilder entityTypeBuilder)
        => HasTenantRowLevelSecurity(entityTypeBuilder, enabled: true);

    /// <inheritdoc cref="HasTenantRowLevelSecurity(EntityTypeBuilder)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="entityTypeBuilder">The entity type's builder.</param>
    public static EntityTypeBuilder<TEntity> HasTenantRowLevelSecurity<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasTenantRowLevelSecurity((EntityTypeBuilder)entityTypeBuilder, enabled: true);

    /// <summary>
    /// Turns the row-level security of <see cref="HasTenantRowLevelSecurity(EntityTypeBuilder)"/> on or off (off: the
    /// next migration drops the policy and disables row-level security on the table).
    /// </summary>
    /// <param name="entityTypeBuilder">The entity type's builder.</param>
    /// <param name="enabled">Whether the database enforces tenant isolation.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasTenantRowLevelSecurity(this EntityTypeBuilder entityTypeBuilder, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.HasAnnotation(VersioningNpgsqlAnnotationNames.TenantRowLevelSecurity, enabled ? true : null);
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasTenantRowLevelSecurity(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="entityTypeBuilder">The entity type's builder.</param>
    /// <param name="enabled">Whether the database enforces tenant isolation.</param>
    public static EntityTypeBuilder<TEntity> HasTenantRowLevelSecurity<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasTenantRowLevelSecurity((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Whether the database enforces the entity type's tenant isolation with row-level security
    /// (<see cref="HasTenantRowLevelSecurity(EntityTypeBuilder)"/>; a derived type follows its root).
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when its table has Versioning's tenant policy.</returns>
    public static bool HasTenantRowLevelSecurity(this IReadOnlyEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return entityType.GetRootType().FindAnnotation(VersioningNpgsqlAnnotationNames.TenantRowLevelSecurity)?.Value is true;
    }
}
