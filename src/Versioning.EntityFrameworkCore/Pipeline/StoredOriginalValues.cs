using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// The stored values of entries whose original values EF does not know. An entity attached and marked modified
/// (<c>Update</c>, <c>Attach</c> then <c>IsModified</c>, <c>State = Modified</c>: how a web API saves the copy a client
/// sent) has the values it was given as its original values, so a strategy that records the values an update replaces
/// (a history row, a log row's old value, an event's before values, the retired revision) would record the new ones.
/// Before the handlers run, such an entry of a type whose strategies record old values gets the original values of its
/// modified properties from the database, one query per entry, past query filters. Keys and concurrency tokens keep
/// theirs: EF's concurrency check stays the application's. The whole stored row is kept with the save for a strategy
/// that copies every column of the old row (temporal history): properties the application did not mark modified keep
/// the values it gave in the tracker (EF does not write them, and changing their originals would make EF write them),
/// but their stored values are what the row held.
/// </summary>
/// <remarks>
/// A property's original value is unknown when it is marked modified yet equals its current value: EF marks a property
/// it saw change only when the value differs. A tracked entity passed to <c>Update</c> also qualifies (its unchanged
/// properties are marked modified); reading it costs a query and changes nothing. A stub removed without being loaded
/// (<c>Remove(new T { Id = … })</c>) is not told apart from a loaded entity: its delete records the values it was given.
/// </remarks>
internal sealed class StoredOriginalValues
{
    private readonly Dictionary<object, PropertyValues> _rows = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The row as the database held it before the save, when the save read it for <paramref name="entry"/>, else
    /// <see langword="null"/> (the entry's original values are then the row's).
    /// </summary>
    public static PropertyValues? Of(VersioningChangeSet changeSet, EntityEntry entry)
        => changeSet.Find<StoredOriginalValues>()?._rows.GetValueOrDefault(entry.Entity);

    public static async Task LoadAsync(VersioningChangeSet changeSet, bool async, CancellationToken cancellationToken)
    {
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (state != EntityState.Modified || !plan.RecordsOldValues || !HasUnknown(entry))
            {
                continue;
            }

            var stored = async ? await entry.GetDatabaseValuesAsync(cancellationToken).ConfigureAwait(false) : entry.GetDatabaseValues();
            if (stored == null)
            {
                // The row is gone: EF's UPDATE finds nothing and reports the concurrency failure.
                continue;
            }

            if (changeSet.Find<StoredOriginalValues>() is not { } kept)
            {
                changeSet.Keep(kept = new StoredOriginalValues());
            }

            kept._rows[entry.Entity] = stored;

            foreach (var property in EntryProperties.Of(entry))
            {
                if (IsUnknown(property))
                {
                    changeSet.SetOriginalValue(entry, property, stored[property.Metadata]);
                }
            }
        }
    }

    private static bool HasUnknown(EntityEntry entry)
    {
        foreach (var property in EntryProperties.Of(entry))
        {
            if (IsUnknown(property))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnknown(PropertyEntry property)
        => property.IsModified
            && !property.Metadata.IsKey()
            && !property.Metadata.IsConcurrencyToken
            && property.Metadata.GetValueComparer().Equals(property.OriginalValue, property.CurrentValue);
}
