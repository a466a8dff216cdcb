namespace Versioning.EntityFrameworkCore;

/// <summary>The kinds of change event Versioning writes itself (<see cref="ChangeEvent.Kind"/>); custom events have their own names.</summary>
public static class ChangeEventKinds
{
    /// <summary>The entity was inserted.</summary>
    public const string Created = "Created";

    /// <summary>Properties of the entity changed.</summary>
    public const string Updated = "Updated";

    /// <summary>The entity was deleted from the database.</summary>
    public const string Deleted = "Deleted";

    /// <summary>The entity was deleted and, being soft-deletable, kept with its deletion flags.</summary>
    public const string SoftDeleted = "SoftDeleted";

    /// <summary>A soft-deleted entity was restored.</summary>
    public const string Restored = "Restored";
}
