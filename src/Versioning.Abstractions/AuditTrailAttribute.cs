namespace Versioning;

/// <summary>
/// Keeps every revision of the entity in its own table ('audit trail versioning'): an update keeps the current row as a
/// past revision (<c>IsCurrent</c> = <see langword="false"/>) and inserts the new values as a new row with a new key,
/// <c>Revision</c> + 1, the <c>RootId</c> of the first revision and <c>ModifiedBy</c>. A delete soft-deletes the current
/// revision: the entity is implicitly soft-deletable.
/// </summary>
/// <remarks>
/// Properties named <c>Revision</c>, <c>IsCurrent</c>, <c>RootId</c> and <c>ModifiedBy</c> declared on the class are used as
/// they are; the others become shadow properties. The fluent <c>HasAuditTrail()</c> call overrides this attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class AuditTrailAttribute : Attribute
{
    /// <summary>Marks the entity type as keeping an audit trail.</summary>
    public AuditTrailAttribute()
    {
    }

}
