namespace Versioning.EntityFrameworkCore.Query;

// The soft delete part of VersioningQueryFilters; Query/VersioningQueryFilters.cs has the shared members.
public static partial class VersioningQueryFilters
{
    /// <summary>The filter that hides soft-deleted rows.</summary>
    public const string SoftDelete = "Versioning:SoftDelete";
}
