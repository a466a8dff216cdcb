using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Metadata.Internal;

namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

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
        changeSet.SetValue(entry, stamps.CreatedAt.Property, stamps.CreatedAt.ToClrValue(changeSet.Timestamp));
        changeSet.SetValue(entry, stamps.CreatedBy, changeSet.ActorId);
        changeSet.SetValue(entry, stamps.UpdatedAt.Property, stamps.UpdatedAt.ToClrValue(changeSet.Timestamp));
        changeSet.SetValue(entry, stamps.UpdatedBy, changeSet.ActorId);
    }

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
