namespace Versioning;

/// <summary>
/// Keeps an activity log of the entity (the 'activity log tracking' strategy): each insert writes one <c>CREATE</c> row,
/// each update one row per changed property (old and new value as invariant text), each delete one <c>DELETE</c> row,
/// into the one central activity log table, in the same transaction as the change.
/// </summary>
/// <remarks>
/// Name the action of a property with <see cref="TrackActivityAttribute"/>, leave a property out with
/// <see cref="NotVersionedAttribute"/>, and mask a secret with <see cref="RedactedAttribute"/>. The fluent
/// <c>HasActivityLog(...)</c> call overrides this attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class ActivityLogAttribute : Attribute
{
    /// <summary>Marks the entity type as keeping an activity log.</summary>
    public ActivityLogAttribute()
    {
    }

}
