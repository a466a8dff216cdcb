namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>The actions the activity log writes by itself.</summary>
public static class ActivityLogActions
{
    /// <summary>An entity was inserted.</summary>
    public const string Create = "CREATE";

    /// <summary>A property without an action of its own changed.</summary>
    public const string Update = "UPDATE";

    /// <summary>An entity was deleted (a soft delete counts as a delete).</summary>
    public const string Delete = "DELETE";
}
