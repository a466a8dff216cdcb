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
    /// <summary>First in the pipeline: the strategies after it turn its update stamps into insert stamps where an update
    /// becomes an insert (a replacement, a new revision), and a soft delete (after it) is not stamped as an update.</summary>
    public const int Position = 100;

    public int Order => Position;

    /// <summary>Stamps a row as inserted by this save.</summary>
    private static void StampInsert(VersioningChangeSet changeSet, EntityEntry entry, ChangeStampsPlan stamps)
    {
        foreach (var (property, value) in stamps.InsertValues(changeSet.Timestamp, changeSet.ActorId))
        {
            changeSet.SetValue(entry, property, value);
        }
    }

    public void Handle(VersioningChangeSet changeSet)
    {
        var timestamp = changeSet.Timestamp;
        var actor = changeSet.ActorId;
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (plan.Find<ChangeStampsPlan>() is not { } stamps)
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
                        && !EntryProperties.AnyModified(entry))
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
