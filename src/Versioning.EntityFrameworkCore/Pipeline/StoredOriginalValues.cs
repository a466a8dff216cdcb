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
/// theirs: EF's concurrency check stays the application's.
/// </summary>
/// <remarks>
/// A property's original value is unknown when it is marked modified yet equals its current value: EF marks a property
/// it saw change only when the value differs. Properties the application did not mark modified keep the values it gave;
/// EF does not write them.
/// </remarks>
internal static class StoredOriginalValues
{
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
