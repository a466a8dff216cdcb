namespace Versioning.EntityFrameworkCore.Query;

// The tenancy part of VersioningQueryFilters; Query/VersioningQueryFilters.cs has the shared members.
public static partial class VersioningQueryFilters
{
    /// <summary>
    /// The filter that hides the rows of other tenants. Lifting it with <c>IgnoreQueryFilters</c> shows every tenant's
    /// rows to that query only; writes stay refused outside the current tenant unless <c>BeginTenantBypass</c> is open.
    /// </summary>
    public const string Tenancy = "Versioning:Tenancy";
}
