namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Names of the model annotations Versioning reads and writes. Every annotation name used by the library is
/// declared here once.
/// </summary>
public static class VersioningAnnotationNames
{
    /// <summary>The prefix of every Versioning annotation.</summary>
    public const string Prefix = "Versioning:";

    /// <summary>Entity type annotation: <see langword="true"/> when the entity keeps change stamps.</summary>
    public const string ChangeStamps = Prefix + "ChangeStamps";

    /// <summary>Entity type annotation: <see langword="true"/> when the entity is soft-deleted.</summary>
    public const string SoftDelete = Prefix + "SoftDelete";

    /// <summary>Entity type annotation: the <see cref="TimeSpan"/> after which a soft-deleted row may be purged.</summary>
    public const string SoftDeletePurgeAfter = Prefix + "SoftDeletePurgeAfter";

    /// <summary>Entity type annotation: <see langword="true"/> when an update keeps the old row and inserts a new one.</summary>
    public const string SoftDeleteReplaceOnUpdate = Prefix + "SoftDeleteReplaceOnUpdate";

    /// <summary>
    /// Runtime model annotation caching, per entity type, the bookkeeping properties the SaveChanges pipeline
    /// writes. Computed once per model on first use.
    /// </summary>
    public const string SavePlan = Prefix + "SavePlan";
}
