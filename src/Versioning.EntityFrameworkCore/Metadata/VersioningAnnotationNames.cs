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

    /// <summary>Entity type annotation: <see langword="true"/> when the entity keeps a temporal history.</summary>
    public const string TemporalHistory = Prefix + "TemporalHistory";

    /// <summary>Entity type annotation: the configured name of the temporal history table.</summary>
    public const string TemporalHistoryTable = Prefix + "TemporalHistoryTable";

    /// <summary>Entity type annotation: the configured schema of the temporal history table.</summary>
    public const string TemporalHistorySchema = Prefix + "TemporalHistorySchema";

    /// <summary>
    /// Entity type annotation on a history entity type that Versioning added: the name of the entity type whose
    /// past states it holds.
    /// </summary>
    public const string TemporalHistoryOf = Prefix + "TemporalHistoryOf";

    /// <summary>
    /// Runtime model annotation caching, per entity type, the bookkeeping properties the SaveChanges pipeline
    /// writes. Computed once per model on first use.
    /// </summary>
    public const string SavePlan = Prefix + "SavePlan";
}
