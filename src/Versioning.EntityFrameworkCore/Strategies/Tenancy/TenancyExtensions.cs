using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Strategies.Tenancy;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

// The tenancy part of VersioningEntityTypeBuilderExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeBuilderExtensions
{
    /// <summary>
    /// Isolates the entity's rows by tenant: a <c>TenantId</c> (string; the CLR property of that name when declared, a
    /// shadow property otherwise) is stamped on insert with the current tenant (the change scope's, see
    /// <see cref="VersioningDbContextExtensions.BeginTenantScope"/>, else the <see cref="Versioning.ITenantAccessor"/>);
    /// the named query filter <see cref="Versioning.EntityFrameworkCore.Query.VersioningQueryFilters.Tenancy"/> hides the
    /// rows of other tenants; updates, deletes and bulk statements of other tenants' rows, a change of <c>TenantId</c>,
    /// and an insert for another tenant or with no tenant known are refused. Configure it on the root of a hierarchy.
    /// Overrides <see cref="Versioning.MultiTenantAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasTenant(this EntityTypeBuilder entityTypeBuilder)
        => HasTenant(entityTypeBuilder, true);

    /// <inheritdoc cref="HasTenant(EntityTypeBuilder)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasTenant<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder)
        where TEntity : class
        => HasTenant(entityTypeBuilder, true);

    /// <summary>
    /// Turns tenant isolation of the entity on or off (off overrides <see cref="Versioning.MultiTenantAttribute"/>); see
    /// <see cref="HasTenant(EntityTypeBuilder)"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled"><see langword="false"/> turns tenancy off (for example to override the attribute).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasTenant(this EntityTypeBuilder entityTypeBuilder, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetIsMultiTenant(enabled);
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasTenant(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasTenant<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasTenant((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Isolates the entity's rows by tenant, from a convention or an attribute. Returns <see langword="null"/> when a
    /// configuration of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to isolate by tenant; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasTenant(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetTenant(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetIsMultiTenant(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    /// <summary>Returns whether tenancy can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetTenant(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.Tenancy, enabled, fromDataAnnotation);
}

// The tenancy part of VersioningEntityTypeExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeExtensions
{
    /// <summary>
    /// Returns whether the entity type's rows are isolated by tenant. A derived type inherits the setting of its nearest
    /// base type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when the entity type is multi-tenant.</returns>
    public static bool IsMultiTenant(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.Tenancy) as bool? ?? false;

    /// <summary>Sets whether the entity type's rows are isolated by tenant.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to isolate by tenant.</param>
    public static void SetIsMultiTenant(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.Tenancy, enabled);

    /// <summary>Sets whether the entity type's rows are isolated by tenant.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to isolate by tenant; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetIsMultiTenant(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.Tenancy, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the tenancy setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetIsMultiTenantConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.Tenancy)?.GetConfigurationSource();
}

// The tenancy part of VersioningDbContextExtensions: see Extensions/ for the rest.
public static partial class VersioningDbContextExtensions
{
    /// <summary>
    /// Opens a change scope for a tenant: until it is disposed, the context works for <paramref name="tenantId"/>
    /// (overriding the <see cref="Versioning.ITenantAccessor"/>): inserts of multi-tenant entities are stamped with it,
    /// queries see only its rows, writes outside it are refused, and the history, activity log and change events record
    /// it. Every other value (reason, actor...) is inherited from the scope it is opened in.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="tenantId">The tenant.</param>
    /// <returns>The scope; dispose it to close it.</returns>
    /// <exception cref="InvalidOperationException">Versioning is not enabled on the context.</exception>
    public static ChangeScope BeginTenantScope(this DbContext context, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var state = StateOf(context);
        var outer = state.CurrentScope;
        var scope = new ChangeScope(state, outer, null, null, null, null, tenantId);
        state.CurrentScope = scope;
        return scope;
    }

    /// <summary>
    /// Returns the tenant the context works for now: the open change scope's (<see cref="BeginTenantScope"/>), else the
    /// <see cref="Versioning.ITenantAccessor"/>'s, or <see langword="null"/> when none is known.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <returns>The current tenant, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">Versioning is not enabled on the context.</exception>
    public static string? CurrentTenantId(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TenantResolver.Resolve(context, StateOf(context));
    }

    /// <summary>
    /// Lifts tenant isolation on this context until the returned bypass is disposed (an administrator's explicit act):
    /// queries see every tenant's rows, and updates, deletes, bulk statements and inserts for any tenant are allowed
    /// (an insert keeps the <c>TenantId</c> it is given and gets the current tenant when it has none). Ends too when the
    /// context is reset or returned to its pool. On PostgreSQL with row-level security, the bypass is also set in the
    /// transaction (<c>versioning.tenant_bypass</c>), which the policies honour.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="reason">Why isolation is lifted (for the reader of the code and of logs); required.</param>
    /// <returns>The bypass; dispose it to restore isolation.</returns>
    /// <exception cref="InvalidOperationException">Versioning is not enabled on the context, or a bypass is already open on it.</exception>
    public static TenantBypass BeginTenantBypass(this DbContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return TenantBypass.Begin(StateOf(context).Of<TenancyContextState>(), reason);
    }
}
