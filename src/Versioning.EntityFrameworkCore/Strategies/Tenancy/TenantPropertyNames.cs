namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Names of the tenancy property. A CLR property with this name is used as it is; otherwise a shadow property of that
/// name is added. Its column name then follows the application's naming convention (<c>tenant_id</c> under snake_case).
/// </summary>
public static class TenantPropertyNames
{
    /// <summary>The tenant the row belongs to, stamped on insert.</summary>
    public const string TenantId = "TenantId";
}
