namespace Versioning.EntityFrameworkCore.Metadata;

// The soft delete part of VersioningAnnotationNames; Metadata/VersioningAnnotationNames.cs has the shared members.
public static partial class VersioningAnnotationNames
{
    /// <summary>Entity type annotation: <see langword="true"/> when the entity is soft-deleted.</summary>
    public const string SoftDelete = Prefix + "SoftDelete";

    /// <summary>Entity type annotation: the <see cref="TimeSpan"/> after which a soft-deleted row may be purged.</summary>
    public const string SoftDeletePurgeAfter = Prefix + "SoftDeletePurgeAfter";

    /// <summary>Entity type annotation: <see langword="true"/> when an update keeps the old row and inserts a new one.</summary>
    public const string SoftDeleteReplaceOnUpdate = Prefix + "SoftDeleteReplaceOnUpdate";
}
