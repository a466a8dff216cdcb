using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Metadata.Builders;

/// <summary>
/// Configures the activity log of one entity type, passed to <c>HasActivityLog(a =&gt; ...)</c>. Settings made here
/// win over <see cref="TrackActivityAttribute"/>, <see cref="NotVersionedAttribute"/> and <see cref="RedactedAttribute"/>.
/// </summary>
public class ActivityLogBuilder
{
    internal ActivityLogBuilder(IMutableEntityType entityType) => EntityType = entityType;

    /// <summary>The entity type being configured.</summary>
    public IMutableEntityType EntityType { get; }

    /// <summary>Logs a change of the property under <paramref name="action"/> (for example <c>PRICE_CHANGE</c>) instead of <c>UPDATE</c>.</summary>
    /// <param name="propertyName">The name of a mapped scalar property.</param>
    /// <param name="action">The action; must not be empty.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The member is a navigation or not a mapped property.</exception>
    public ActivityLogBuilder Track(string propertyName, string action)
    {
        // An empty action is reported by model validation, with the attribute's mistakes, so it names the property.
        Property(propertyName, nameof(Track)).SetActivityAction(action ?? "");
        return this;
    }

    /// <summary>Leaves the property out of the activity log (like <see cref="NotVersionedAttribute"/>).</summary>
    /// <param name="propertyName">The name of a mapped scalar property.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The member is a navigation or not a mapped property.</exception>
    public ActivityLogBuilder Ignore(string propertyName)
    {
        Property(propertyName, nameof(Ignore)).SetIsNotVersioned(true);
        return this;
    }

    /// <summary>Logs a fixed mask instead of the property's values (like <see cref="RedactedAttribute"/>).</summary>
    /// <param name="propertyName">The name of a mapped scalar property that is not part of the key.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The member is a navigation or not a mapped property.</exception>
    public ActivityLogBuilder Redact(string propertyName)
    {
        Property(propertyName, nameof(Redact)).SetIsRedacted(true);
        return this;
    }

    /// <summary>
    /// Sets what an insert writes: a <c>CREATE</c> row per logged field with its initial value (the default), one
    /// <c>CREATE</c> row without values, or one with a JSON snapshot of the values.
    /// </summary>
    /// <param name="values">What the <c>CREATE</c> rows carry.</param>
    /// <returns>The same builder, for chaining.</returns>
    public ActivityLogBuilder CreateValues(ActivityCreateValues values)
    {
        EntityType.SetAnnotation(VersioningAnnotationNames.ActivityCreateValues, values);
        return this;
    }

    private IMutableProperty Property(string name, string method)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (EntityType.FindProperty(name) is { } property)
        {
            return property;
        }

        var why = EntityType.FindNavigation(name) != null || EntityType.FindSkipNavigation(name) != null
            ? VersioningStrings.ActivityMemberIsNavigation
            : VersioningStrings.ActivityMemberNotMapped;
        throw new InvalidOperationException(VersioningStrings.ActivityMemberInvalid(EntityType.DisplayName(), name, method, why));
    }
}
