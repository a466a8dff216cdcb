namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Names of the change-stamp properties. A CLR property with one of these names is used as it is; otherwise a
/// shadow property of that name is added. Column names then follow the application's naming convention
/// (<c>created_at</c> under snake_case).
/// </summary>
public static class ChangeStampPropertyNames
{
    /// <summary>When the row was inserted (UTC).</summary>
    public const string CreatedAt = "CreatedAt";

    /// <summary>Who inserted the row.</summary>
    public const string CreatedBy = "CreatedBy";

    /// <summary>When the row was last written (UTC); equals <see cref="CreatedAt"/> after the insert.</summary>
    public const string UpdatedAt = "UpdatedAt";

    /// <summary>Who last wrote the row.</summary>
    public const string UpdatedBy = "UpdatedBy";
}
