namespace Versioning.EntityFrameworkCore.Metadata;

// The activity log part of VersioningAnnotationNames; Metadata/VersioningAnnotationNames.cs has the shared members.
public static partial class VersioningAnnotationNames
{
    /// <summary>Entity type annotation: <see langword="true"/> when the entity keeps an activity log.</summary>
    public const string ActivityLog = Prefix + "ActivityLog";

    /// <summary>Property annotation: the action logged when the property changes (instead of <c>UPDATE</c>).</summary>
    public const string ActivityAction = Prefix + "ActivityAction";

    /// <summary>Entity type annotation: what an insert writes (an <see cref="EntityFrameworkCore.ActivityCreateValues"/>); absent means per field.</summary>
    public const string ActivityCreateValues = Prefix + "ActivityCreateValues";

    /// <summary>Model annotation: how long activity log rows are kept (a <see cref="TimeSpan"/>); absent means forever.</summary>
    public const string ActivityLogRetention = Prefix + "ActivityLogRetention";

    /// <summary>Runtime model annotation caching how the activity log table is mapped (table, columns, type mappings).</summary>
    internal const string ActivityLogTable = Prefix + "ActivityLogTable";
}
