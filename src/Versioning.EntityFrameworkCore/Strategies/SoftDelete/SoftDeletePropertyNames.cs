namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Names of the soft-delete properties. A CLR property with one of these names is used as it is; otherwise a shadow
/// property of that name is added. Column names then follow the application's naming convention (<c>is_deleted</c>
/// under snake_case).
/// </summary>
public static class SoftDeletePropertyNames
{
    /// <summary>Whether the row is deleted (default <see langword="false"/>).</summary>
    public const string IsDeleted = "IsDeleted";

    /// <summary>When the row was deleted (UTC).</summary>
    public const string DeletedAt = "DeletedAt";

    /// <summary>Who deleted the row.</summary>
    public const string DeletedBy = "DeletedBy";

    /// <summary>Why the row was deleted: the change scope's reason (or "Updated with new information" for a replaced row).</summary>
    public const string DeletedReason = "DeletedReason";

    /// <summary>When the deleted row may be purged (UTC); only when a retention is configured.</summary>
    public const string PurgeAt = "PurgeAt";

    /// <summary>
    /// On a row inserted by an update of a replace-on-update entity: the key of the row it replaces (which stays, flagged
    /// deleted). <see langword="null"/> on a row inserted by the application.
    /// </summary>
    public const string ReplacesId = "ReplacesId";
}
