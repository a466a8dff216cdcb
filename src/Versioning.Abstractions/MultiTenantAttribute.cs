namespace Versioning;

/// <summary>
/// Isolates the entity's rows by tenant: the entity gets a <c>TenantId</c> (string) stamped on insert from the current
/// tenant (the change scope's, else the <see cref="ITenantAccessor"/>), a named query filter hides the rows of other
/// tenants, and writes to another tenant's rows are refused. An administrator lifts the isolation explicitly for one
/// context with <c>db.BeginTenantBypass(reason)</c>.
/// </summary>
/// <remarks>
/// A <c>TenantId</c> property of type <see cref="string"/> declared on the class is used as it is; otherwise a shadow
/// property of that name is added. The fluent <c>HasTenant()</c> call overrides this attribute. Put it on the root of an
/// inheritance hierarchy: EF filters a hierarchy at its root.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class MultiTenantAttribute : Attribute
{
    /// <summary>Marks the entity type as isolated by tenant.</summary>
    public MultiTenantAttribute()
    {
    }
}
