namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// Names of the query filters Versioning adds. EF Core 10 keeps named filters apart, so
/// <c>IgnoreQueryFilters([VersioningQueryFilters.SoftDelete])</c> lifts only Versioning's filter and leaves the
/// application's own filters (tenants...) in place; <c>IncludeDeleted()</c> does exactly that.
/// </summary>
public static partial class VersioningQueryFilters
{
}
