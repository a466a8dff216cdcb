using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// What the activity log writes for one entity type, resolved once per model: the name and key format that identify
/// its rows, and the properties whose changes are logged (its own and those of its complex properties) with their action,
/// redaction and text formatter.
/// </summary>
internal sealed class ActivityLogPlan
{
    private ActivityLogPlan(IEntityType entityType)
    {
        Key = EntityKeyText.For(entityType);
        CreateValues = entityType.FindAnnotation(VersioningAnnotationNames.ActivityCreateValues)?.Value as ActivityCreateValues? ?? ActivityCreateValues.Fields;
        var discriminator = entityType.FindDiscriminatorProperty();
        Properties =
        [
            .. ComplexMembers.RowPropertiesOf<IProperty>(entityType)
                .Where(p => !p.IsPrimaryKey() && p != discriminator && !p.IsNotVersioned() && !p.IsVersioningBookkeeping())
                .Select(p => new LoggedProperty(p, p.GetActivityAction() ?? ActivityLogActions.Update, p.IsRedacted())),
        ];
    }

    public EntityKeyText Key { get; }

    /// <summary>What an insert writes.</summary>
    public ActivityCreateValues CreateValues { get; }

    public IReadOnlyList<LoggedProperty> Properties { get; }

    public static ActivityLogPlan? For(IEntityType entityType)
        => entityType.HasActivityLog() ? new ActivityLogPlan(entityType) : null;

    /// <summary>A logged property: the action its change is logged under, and how its values become text.</summary>
    internal sealed class LoggedProperty(IProperty property, string action, bool redacted)
    {
        private readonly Func<object?, string?> _format = redacted
            ? static _ => ActivityLogEntry.RedactedMask
            : InvariantValueText.For(property) ?? InvariantValueText.Format;

        private readonly ValueComparer _comparer = property.GetValueComparer();

        public IProperty Property { get; } = property;

        /// <summary>The name the log gives the field: the property's name, or its path in a complex property (<c>Home.City</c>).</summary>
        public string Field { get; } = ComplexMembers.PathOf(property);

        public string Action { get; } = action;

        /// <summary>Whether the log keeps the redaction mask instead of the values.</summary>
        public bool IsRedacted { get; } = redacted;

        /// <summary>Whether the entry's original and current values differ (EF's own comparer, no query).</summary>
        public bool HasChanged(PropertyValues originalValues, PropertyValues currentValues, out object? original, out object? current)
        {
            original = originalValues[Property];
            current = currentValues[Property];
            return !_comparer.Equals(original, current);
        }

        public string? Format(object? value) => _format(value);
    }
}
