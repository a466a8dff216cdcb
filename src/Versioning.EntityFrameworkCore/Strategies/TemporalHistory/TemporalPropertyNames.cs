namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Names of the temporal-history properties. <see cref="ValidFrom"/> and <see cref="Version"/> live on the entity
/// (CLR properties of those names are used when declared, shadow properties otherwise); the history table has all
/// four. Column names follow the application's naming convention (<c>valid_from</c> under snake_case).
/// </summary>
public static class TemporalPropertyNames
{
    /// <summary>When the row's values became valid (UTC): the start of its period, inclusive.</summary>
    public const string ValidFrom = "ValidFrom";

    /// <summary>When a history row's values stopped being valid (UTC): the end of its period, exclusive. History table only.</summary>
    public const string ValidTo = "ValidTo";

    /// <summary>The version number of the row's values: 1 after the insert, + 1 per update.</summary>
    public const string Version = "Version";

    /// <summary>Who made the change that ended a history row's period (the update or the delete). History table only.</summary>
    public const string ChangedBy = "ChangedBy";
}
