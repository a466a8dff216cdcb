namespace Versioning;

/// <summary>
/// Keeps change stamps on the entity (the 'simple update' strategy): <c>CreatedAt</c>, <c>CreatedBy</c>,
/// <c>UpdatedAt</c> and <c>UpdatedBy</c>. An insert sets all four (updated = created); an update sets
/// <c>UpdatedAt</c>/<c>UpdatedBy</c>; <c>CreatedAt</c>/<c>CreatedBy</c> are never written after the insert.
/// </summary>
/// <remarks>
/// Properties with those names declared on the class are used as they are (timestamps must be
/// <see cref="DateTime"/> or <see cref="DateTimeOffset"/>, nullable or not; actors must be <see cref="string"/>);
/// the ones not declared become shadow properties. The fluent <c>HasChangeStamps()</c> call overrides this attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class ChangeStampsAttribute : Attribute
{
    /// <summary>Marks the entity type as keeping change stamps.</summary>
    public ChangeStampsAttribute()
    {
    }

}
