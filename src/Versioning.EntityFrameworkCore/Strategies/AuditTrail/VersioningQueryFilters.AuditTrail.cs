namespace Versioning.EntityFrameworkCore.Query;

// The audit trail part of VersioningQueryFilters; Query/VersioningQueryFilters.cs has the shared members.
public static partial class VersioningQueryFilters
{
    /// <summary>The filter that hides past revisions of audit-trail entities (only <c>IsCurrent</c> rows are shown).</summary>
    public const string AuditTrail = "Versioning:AuditTrail";
}
