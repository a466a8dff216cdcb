using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// Finds the tracked dependents of a principal along one relationship, by foreign key values (navigations may not
/// exist, and EF has already nulled them on dependents it orphaned). Indexes the tracker once per relationship.
/// </summary>
internal sealed class TrackedDependents(DbContext context)
{
    private readonly Dictionary<(IForeignKey, bool), Dictionary<KeyValues, List<EntityEntry>>> _index = [];
    private List<EntityEntry>? _entries;

    /// <summary>The dependents whose current foreign key (or, with <paramref name="original"/>, original one) references the principal.</summary>
    public IReadOnlyList<EntityEntry> Of(EntityEntry principal, IForeignKey foreignKey, bool original)
    {
        if (!_index.TryGetValue((foreignKey, original), out var byKey))
        {
            byKey = [];
            foreach (var entry in _entries ??= [.. context.ChangeTracker.Entries()])
            {
                if (foreignKey.DeclaringEntityType.IsAssignableFrom(entry.Metadata) && KeyValues.Of(entry, foreignKey.Properties, original) is { } key)
                {
                    (byKey.TryGetValue(key, out var list) ? list : byKey[key] = []).Add(entry);
                }
            }

            _index[(foreignKey, original)] = byKey;
        }

        var principalKey = KeyValues.Of(principal, foreignKey.PrincipalKey.Properties, original: false);
        return principalKey != null && byKey.TryGetValue(principalKey.Value, out var dependents) ? dependents : [];
    }

    /// <summary>Key values compared by value, whatever their number.</summary>
    private readonly struct KeyValues(object?[] values) : IEquatable<KeyValues>
    {
        private readonly object?[] _values = values;

        public static KeyValues? Of(EntityEntry entry, IReadOnlyList<IProperty> properties, bool original)
        {
            var values = new object?[properties.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = original && entry.State != EntityState.Added ? entry.OriginalValues[properties[i]] : entry.CurrentValues[properties[i]];
                if (values[i] == null)
                {
                    return null;
                }
            }

            return new KeyValues(values);
        }

        public bool Equals(KeyValues other) => _values.AsSpan().SequenceEqual(other._values);

        public override bool Equals(object? obj) => obj is KeyValues other && Equals(other);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            foreach (var value in _values)
            {
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }
}
