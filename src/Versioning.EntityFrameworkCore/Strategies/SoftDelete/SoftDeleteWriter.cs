using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>Turns one tracked row into a soft-deleted one through the change set: an UPDATE of the flags, no DELETE.</summary>
internal static class SoftDeleteWriter
{
    public static void Write(VersioningChangeSet changeSet, EntityEntry entry, SoftDeletePlan plan, SoftDeleteValues values)
    {
        if (entry.State == EntityState.Deleted)
        {
            // Unchanged, then the flags: only the flag columns are marked modified, so the UPDATE writes nothing else
            // (changes the application made before Remove() are still found by DetectChanges and written with it).
            changeSet.SetState(entry, EntityState.Unchanged);
        }

        changeSet.SetValue(entry, plan.IsDeleted, true);
        changeSet.SetValue(entry, plan.DeletedAt.Property, plan.DeletedAt.ToClrValue(values.At));
        changeSet.SetValue(entry, plan.DeletedBy, values.By);
        changeSet.SetValue(entry, plan.DeletedReason, values.Reason);
        if (plan.PurgeAt != null)
        {
            changeSet.SetValue(entry, plan.PurgeAt.Property, plan.PurgeAt.ToClrValue(values.At + plan.PurgeAfter!.Value));
        }
    }
}
