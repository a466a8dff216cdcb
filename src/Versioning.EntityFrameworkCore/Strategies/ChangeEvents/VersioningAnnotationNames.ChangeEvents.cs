namespace Versioning.EntityFrameworkCore.Metadata;

// The change events part of VersioningAnnotationNames; Metadata/VersioningAnnotationNames.cs has the shared members.
public static partial class VersioningAnnotationNames
{
    /// <summary>Entity type annotation: <see langword="true"/> when the entity writes change events.</summary>
    public const string ChangeEvents = Prefix + "ChangeEvents";

    /// <summary>Runtime model annotation caching how the change events table is mapped.</summary>
    internal const string ChangeEventsTable = Prefix + "ChangeEventsTable";

    /// <summary>Runtime entity type annotation caching the relay's statements over the outbox.</summary>
    internal const string ChangeEventRelaySql = Prefix + "ChangeEventRelaySql";
}
