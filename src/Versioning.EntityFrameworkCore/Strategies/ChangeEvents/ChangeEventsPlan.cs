using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// What change events write for one entity type, resolved once per model: the stream's name and key format, the
/// property holding the stream's version, and the properties whose values an event carries (its own and those of its
/// complex properties, without the key, the discriminator, Versioning's bookkeeping and <c>[NotVersioned]</c> ones).
/// </summary>
internal sealed class ChangeEventsPlan
{
    private ChangeEventsPlan(IEntityType entityType)
    {
        Key = EntityKeyText.For(entityType);
        StreamVersion = entityType.GetProperty(ChangeEventsConvention.StreamVersion);
        var discriminator = entityType.FindDiscriminatorProperty();
        Properties =
        [
            .. ComplexMembers.RowPropertiesOf<IProperty>(entityType)
                .Where(p => !p.IsPrimaryKey() && p != discriminator && !p.IsNotVersioned() && !p.IsVersioningBookkeeping())
                .Select(p => new ChangeEventValue(p)),
        ];
    }

    /// <summary>The stream's type name and how its id is written.</summary>
    public EntityKeyText Key { get; }

    /// <summary>The version of the entity's last event, a concurrency token.</summary>
    public IProperty StreamVersion { get; }

    public IReadOnlyList<ChangeEventValue> Properties { get; }

    /// <summary>The stream version <paramref name="values"/> hold.</summary>
    public long VersionIn(PropertyValues values) => Convert.ToInt64(values[StreamVersion], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The value of <see cref="StreamVersion"/> for <paramref name="version"/>, in the property's CLR type.</summary>
    public object VersionValue(long version) => Convert.ChangeType(version, Nullable.GetUnderlyingType(StreamVersion.ClrType) ?? StreamVersion.ClrType, System.Globalization.CultureInfo.InvariantCulture);

    public static ChangeEventsPlan? For(IEntityType entityType)
        => entityType.HasChangeEvents() ? new ChangeEventsPlan(entityType) : null;
}
