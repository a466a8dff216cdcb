namespace Versioning.EntityFrameworkCore.Metadata;

// The audit trail part of VersioningAnnotationNames; Metadata/VersioningAnnotationNames.cs has the shared members.
public static partial class VersioningAnnotationNames
{
    /// <summary>Entity type annotation: <see langword="true"/> when the entity keeps its revisions in its own table.</summary>
    public const string AuditTrail = Prefix + "AuditTrail";

    /// <summary>
    /// Index annotation (PostgreSQL): <see langword="true"/> to create the unique index as a constraint checked at commit
    /// (<c>DEFERRABLE INITIALLY DEFERRED</c>; an exclusion constraint when the index has a filter).
    /// </summary>
    internal const string DeferredConstraint = Prefix + "DeferredConstraint";

    /// <summary>Runtime annotation: the delimited names of an entity type's deferred constraints, resolved once per model.</summary>
    internal const string DeferredConstraintNames = Prefix + "DeferredConstraintNames";
}
