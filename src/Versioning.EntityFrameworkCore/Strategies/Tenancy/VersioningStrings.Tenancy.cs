namespace Versioning.EntityFrameworkCore.Properties;

// The tenancy part of VersioningStrings; Properties/VersioningStrings.cs has the shared members.
internal static partial class VersioningStrings
{
    private const string HowToSetTenant =
        "Register an ITenantAccessor (AddVersioning(v => v.UseTenantAccessor<T>())) that returns the tenant, open "
        + "db.BeginTenantScope(tenantId), or lift isolation explicitly with db.BeginTenantBypass(reason).";

    public static string InsertWithoutTenant(string entityType)
        => Format("Cannot insert '{0}': it is multi-tenant and no tenant is known. " + HowToSetTenant, entityType);

    public static string InsertForOtherTenant(string entityType, string tenantId, string currentTenant)
        => Format(
            "Cannot insert '{0}' with TenantId '{1}': the current tenant is '{2}'. Leave TenantId unset (it is stamped for you), "
            + "or insert it for another tenant under db.BeginTenantBypass(reason).",
            entityType, tenantId, currentTenant);

    public static string WriteWithoutTenant(string entityType, string operation)
        => Format("Cannot {1} '{0}': it is multi-tenant and no tenant is known. " + HowToSetTenant, entityType, operation);

    public static string WriteToOtherTenant(string entityType, string operation, string? tenantId, string currentTenant)
        => Format(
            "Cannot {1} '{0}' of tenant '{2}': the current tenant is '{3}'. Rows of other tenants are written only under "
            + "db.BeginTenantBypass(reason).",
            entityType, operation, tenantId ?? "(none)", currentTenant);

    public static string TenantChanged(string entityType, string? from, string? to)
        => Format(
            "Cannot change the TenantId of '{0}' from '{1}' to '{2}': rows do not move between tenants. Move it under "
            + "db.BeginTenantBypass(reason) if an administrator must.",
            entityType, from ?? "(none)", to ?? "(none)");

    public static string BulkUpdateSetsTenant(string entityType)
        => Format(
            "ExecuteUpdate sets '{0}.TenantId', but rows do not move between tenants. Remove that setter, or run it under "
            + "db.BeginTenantBypass(reason) if an administrator must.",
            entityType);

    public static string BulkStatementWithoutTenant(string entityType, string statement)
        => Format(
            "{1} on '{0}' ignores query filters, and no tenant is known to restrict it to. " + HowToSetTenant, entityType, statement);

    public static string QueryWithoutTenant(string contextType)
        => Format("A query of '{0}' reads a multi-tenant entity type, and no tenant is known. " + HowToSetTenant, contextType);

    public static string TenancyNotOnRoot(string entityType, string rootType)
        => Format(
            "'{0}' is multi-tenant but its base type '{1}' is not: EF filters a hierarchy at its root. Configure HasTenant() "
            + "(or [MultiTenant]) on '{1}'.",
            entityType, rootType);

    public const string TenantBypassAlreadyOpen
        = "A tenant bypass is already open on this context; dispose it before opening another.";

    public static string RowLevelSecurityWithoutTenancy(string entityType)
        => Format(
            "HasTenantRowLevelSecurity() is configured on '{0}', which is not multi-tenant: its policy compares the tenant. "
            + "Configure HasTenant() (or [MultiTenant]) on it too.",
            entityType);
}
