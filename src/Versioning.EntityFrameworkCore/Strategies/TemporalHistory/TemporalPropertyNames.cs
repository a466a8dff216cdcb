namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Names of the temporal-history properties. <see cref="ValidFrom"/>, <see cref="Version"/> and <see cref="ChangedBy"/>
/// live on the entity (CLR properties of those names are used when declared, shadow properties otherwise) and are copied
/// with its other values into the history table, which adds <see cref="ValidTo"/> and <see cref="RemovedBy"/>. Column names follow the application's naming convention (<c>valid_from</c> under snake_case).
/// </summary>
public static class TemporalPropertyNames
{
    /// <summary>When the row's values became valid (UTC): the start of its period, inclusive.</summary>
    public const string ValidFrom = "ValidFrom";

    /// <summary>When a history row's values stopped being valid (UTC): the end of its period, exclusive. History table only.</summary>
    public const string ValidTo = "ValidTo";

    /// <summary>The version number of the row's values: 1 after the insert, + 1 per update.</summary>
    public const string Version = "Version";

    /// <summary>
    /// Who made the row's version (its author: the actor of the insert or update that gave the row these values, or
    /// <see langword="null"/> when there was no actor). On the entity, and copied with the version into the history table.
    /// </summary>
    public const string ChangedBy = "ChangedBy";

    /// <summary>
    /// Who deleted the entity's row: set on the history row of the row's last version when a delete removed the row,
    /// <see langword="null"/> on every other history row. History table only (a delete that keeps the row, such as soft
    /// delete, is a version of its own, by its <see cref="ChangedBy"/>).
    /// </summary>
    public const string RemovedBy = "RemovedBy";
}
