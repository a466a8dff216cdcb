namespace Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

// The tenancy part of VersioningNpgsqlAnnotationNames; Metadata/VersioningNpgsqlAnnotationNames.cs has the rest.
public static partial class VersioningNpgsqlAnnotationNames
{
    /// <summary>
    /// On an entity type: <see langword="true"/> when its table enforces tenant isolation with row-level security
    /// (<c>HasTenantRowLevelSecurity()</c>). On its table (so a migration sees it come, go or change): the name of the
    /// tenant column the policy compares.
    /// </summary>
    public const string TenantRowLevelSecurity = "Versioning:TenantRowLevelSecurity";
}
