using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// The fields of an entity type that two of its versions are compared by: its properties and those of its complex
/// properties stored in columns, without the key (revisions of one entity have keys of their own), Versioning's
/// bookkeeping, <c>[NotVersioned]</c> properties and shadow properties (an entity object does not carry them). Values are
/// compared with EF's value comparers; a <c>[Redacted]</c> property's change is reported with the redaction mask.
/// Resolved once per entity type.
/// </summary>
internal sealed class EntityDiff
{
    private readonly (IProperty Property, string Field, IClrPropertyGetter Getter, ValueComparer Comparer, bool Redacted)[] _fields;

    private EntityDiff(IEntityType entityType)
        => _fields =
        [
            .. ComplexMembers.RowPropertiesOf<IProperty>(entityType)
                .Where(p => !p.IsShadowProperty() && !p.IsPrimaryKey() && !p.IsVersioningBookkeeping() && !p.IsNotVersioned()
                    && p != entityType.FindDiscriminatorProperty())
                .Select(p => (p, ComplexMembers.PathOf(p), p.GetGetter(), p.GetValueComparer(), p.IsRedacted())),
        ];

    public static EntityDiff For(IEntityType entityType)
        => entityType.GetOrAddRuntimeAnnotationValue(VersioningAnnotationNames.EntityDiff, static t => new EntityDiff(t!), entityType);

    /// <summary>
    /// The fields whose values differ between <paramref name="older"/> and <paramref name="newer"/>, in model order; with
    /// <paramref name="withoutRedacted"/>, <c>[Redacted]</c> fields are left out (their past values were not kept).
    /// </summary>
    public IReadOnlyList<FieldChange> Compare(object older, object newer, bool withoutRedacted = false)
    {
        var changes = new List<FieldChange>();
        foreach (var (_, field, getter, comparer, redacted) in _fields)
        {
            if (redacted && withoutRedacted)
            {
                continue;
            }

            var (oldValue, newValue) = (getter.GetClrValueUsingContainingEntity(older), getter.GetClrValueUsingContainingEntity(newer));
            if (!comparer.Equals(oldValue, newValue))
            {
                changes.Add(redacted
                    ? new FieldChange(field, ActivityLogEntry.RedactedMask, ActivityLogEntry.RedactedMask)
                    : new FieldChange(field, oldValue, newValue));
            }
        }

        return changes;
    }
}
