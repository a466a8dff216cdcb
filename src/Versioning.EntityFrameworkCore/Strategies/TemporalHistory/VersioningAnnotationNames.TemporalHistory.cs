namespace Versioning.EntityFrameworkCore.Metadata;

// The temporal history part of VersioningAnnotationNames; Metadata/VersioningAnnotationNames.cs has the shared members.
public static partial class VersioningAnnotationNames
{
    /// <summary>Entity type annotation: <see langword="true"/> when the entity keeps a temporal history.</summary>
    public const string TemporalHistory = Prefix + "TemporalHistory";

    /// <summary>Entity type annotation: the configured name of the temporal history table.</summary>
    public const string TemporalHistoryTable = Prefix + "TemporalHistoryTable";

    /// <summary>
    /// Entity type annotation: what the temporal history keeps of <c>[Redacted]</c> properties (a <see cref="TemporalRedaction"/>;
    /// absent for the mask).
    /// </summary>
    public const string TemporalRedaction = Prefix + "TemporalRedaction";

    /// <summary>Entity type annotation: the configured schema of the temporal history table.</summary>
    public const string TemporalHistorySchema = Prefix + "TemporalHistorySchema";

    /// <summary>
    /// Entity type annotation on a history entity type that Versioning added: the name of the entity type whose
    /// past states it holds.
    /// </summary>
    public const string TemporalHistoryOf = Prefix + "TemporalHistoryOf";
}
