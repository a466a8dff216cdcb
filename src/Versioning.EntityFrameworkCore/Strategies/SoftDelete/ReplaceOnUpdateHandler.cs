using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// Soft delete with a new record: an update of a replace-on-update entity becomes an update of
/// the old row's deletion columns only plus an insert of the new values under a new key (see <see cref="RowReplacement"/>).
/// Not a replacement: a restore or any other write to an already deleted row, and an update that changes only
/// bookkeeping (soft-delete flags, stamps), which is written in place.
/// </summary>
internal sealed class ReplaceOnUpdateHandler : IVersioningHandler
{
    /// <summary>After stamps (whose update stamps it turns into the new row's insert stamps) and the soft delete of deleted rows.</summary>
    public int Order => SoftDeleteHandler.Position + 10;

    public void Handle(VersioningChangeSet changeSet)
    {
        SoftDeleteValues? values = null;
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (state == EntityState.Modified
                && entry.State == EntityState.Modified
                && plan.Find<SoftDeletePlan>() is { ReplaceOnUpdate: true } softDelete
                && entry.OriginalValues[softDelete.IsDeleted] is false
                && entry.CurrentValues[softDelete.IsDeleted] is false
                && ChangesValues(entry, plan))
            {
                values ??= SoftDeleteValues.Of(changeSet, Properties.VersioningStrings.SoftDeleteUpdateWithNewInformation);
                Replace(changeSet, entry, plan, softDelete, values.Value);
            }
        }
    }

    private static (EntityEntry OldRow, EntityEntry NewRow) Replace(
        VersioningChangeSet changeSet, EntityEntry entry, EntitySavePlan plan, SoftDeletePlan softDelete, SoftDeleteValues values)
        => RowReplacement.Replace(
            changeSet,
            entry,
            plan,
            oldRow => SoftDeleteWriter.Write(changeSet, oldRow, softDelete, values),
            (newRow, oldRow) => changeSet.SetValue(newRow, softDelete.ReplacesId!, oldRow.OriginalValues[plan.EntityType.FindPrimaryKey()!.Properties[0]]));

    private static bool ChangesValues(EntityEntry entry, EntitySavePlan plan)
        => EntryProperties.AnyModified(entry, property => IsBookkeeping(property.Metadata, plan));

    // The strategies' own columns (soft-delete flags, ReplacesId, stamps): marked as bookkeeping by the conventions that
    // added them.
    private static bool IsBookkeeping(IProperty property, EntitySavePlan plan)
        => plan.Find<SoftDeletePlan>()!.IsBookkeeping(property);
}
