namespace Versioning;

/// <summary>
/// Soft-deletes the entity: deleting it flags the row (<c>IsDeleted</c>, <c>DeletedAt</c>, <c>DeletedBy</c>,
/// <c>DeletedReason</c>, and <c>PurgeAt</c> when <see cref="PurgeAfterDays"/> is set) instead of removing it, and a
/// named query filter hides flagged rows. With <see cref="ReplaceOnUpdate"/> an update also keeps the old row
/// (flagged deleted) and inserts the new values as a new row with a new key ('soft delete with new record').
/// </summary>
/// <remarks>
/// Properties with those names declared on the class are used as they are; the others become shadow properties.
/// The fluent <c>HasSoftDelete(...)</c> call overrides this attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class SoftDeleteAttribute : Attribute
{
    /// <summary>Marks the entity type as soft-deleted.</summary>
    public SoftDeleteAttribute()
    {
    }

    /// <summary>
    /// Days after the deletion when the row may be purged (hard-deleted by <c>db.PurgeAsync()</c>); 0 (the default)
    /// keeps deleted rows forever and adds no <c>PurgeAt</c> column.
    /// </summary>
    public int PurgeAfterDays { get; set; }

    /// <summary>
    /// Whether an update keeps the old row as a deleted record and inserts a new row with a new key
    /// ('soft delete with new record').
    /// </summary>
    public bool ReplaceOnUpdate { get; set; }
}
