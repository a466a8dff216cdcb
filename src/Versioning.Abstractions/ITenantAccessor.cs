namespace Versioning;

/// <summary>
/// Tells Versioning which tenant the change being saved belongs to. Register an implementation with
/// <c>services.AddVersioning(v =&gt; v.UseTenantAccessor&lt;T&gt;())</c>; like <see cref="IActorAccessor"/>, it is resolved
/// from the application's (scoped) services at each SaveChanges and bulk statement, so every request records its own
/// tenant. Entities marked <see cref="MultiTenantAttribute"/> (or <c>HasTenant()</c>) are stamped with it and isolated by
/// it; the activity log writes it in <c>TenantId</c>. A change scope's tenant (<c>db.BeginTenantScope(tenantId)</c>) wins
/// over it.
/// </summary>
public interface ITenantAccessor
{
    /// <summary>Gets the identifier of the current tenant, or <see langword="null"/> when there is none.</summary>
    string? TenantId { get; }
}
