using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeStamps;

/// <summary>
/// Writes change stamps: an insert gets all four (updated = created), an update gets <c>UpdatedAt/UpdatedBy</c>
/// and any application change to <c>CreatedAt/CreatedBy</c> is reverted.
/// </summary>
internal sealed class ChangeStampsHandler : IVersioningHandler
{
    public int Order => VersioningHandlerOrder.ChangeStamps;

    /// <summary>Stamps a row as inserted by this save (also used for the new row of a replacement).</summary>
    public static void StampInsert(VersioningChangeSet changeSet, EntityEntry entry, ChangeStampsPlan stamps)
    {
        foreach (var (property, value) in InsertStamps(changeSet, stamps))
        {
            changeSet.SetValue(entry, property, value);
        }
    }

    /// <summary>The stamps of an inserted row: created and updated now, by the actor.</summary>
    public static (IProperty Property, object? Value)[] InsertStamps(VersioningChangeSet changeSet, ChangeStampsPlan stamps)
        =>
        [
            (stamps.CreatedAt.Property, stamps.CreatedAt.ToClrValue(changeSet.Timestamp)),
            (stamps.CreatedBy, changeSet.ActorId),
            (stamps.UpdatedAt.Property, stamps.UpdatedAt.ToClrValue(changeSet.Timestamp)),
            (stamps.UpdatedBy, changeSet.ActorId),
        ];

    public void Handle(VersioningChangeSet changeSet)
    {
        var timestamp = changeSet.Timestamp;
        var actor = changeSet.ActorId;
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (plan.ChangeStamps is not { } stamps)
            {
                continue;
            }

            switch (state)
            {
                case EntityState.Added:
                    StampInsert(changeSet, entry, stamps);
                    break;
                case EntityState.Modified:
                    // '|' not '||': both must be reverted.
                    if ((changeSet.RevertToOriginal(entry, stamps.CreatedAt.Property) | changeSet.RevertToOriginal(entry, stamps.CreatedBy))
                        && !entry.Properties.Any(p => p.IsModified))
                    {
                        // Only the created stamps were changed: nothing is left to write, so the row is not updated.
                        changeSet.SetState(entry, EntityState.Unchanged);
                        break;
                    }

                    changeSet.SetValue(entry, stamps.UpdatedAt.Property, stamps.UpdatedAt.ToClrValue(timestamp));
                    changeSet.SetValue(entry, stamps.UpdatedBy, actor);
                    break;
            }
        }
    }
}
