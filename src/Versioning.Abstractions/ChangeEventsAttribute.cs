namespace Versioning;

/// <summary>
/// Writes a change event of the entity for each save that creates, changes or deletes it (the transactional outbox):
/// one row per changed entity into the one central <c>ChangeEvents</c> table, in the same transaction as the change, with a
/// per-stream version (the entity's <c>StreamVersion</c>, checked as a concurrency token) and its before and after values.
/// </summary>
/// <remarks>
/// Leave a property out with <see cref="NotVersionedAttribute"/> and mask a secret with <see cref="RedactedAttribute"/>.
/// The fluent <c>HasChangeEvents(...)</c> call overrides this attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class ChangeEventsAttribute : Attribute
{
    /// <summary>Marks the entity type as writing change events.</summary>
    public ChangeEventsAttribute()
    {
    }
}
