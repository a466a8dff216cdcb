using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Pipeline.Batching;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// 'Soft delete with new record' (seed 'email_addresses'): an update of a replace-on-update entity becomes an update of
/// the old row's deletion columns only plus an insert of the new values under a new key (see <see cref="RowReplacement"/>).
/// Not a replacement: a restore or any other write to an already deleted row, and an update that changes only
/// bookkeeping (soft-delete flags, stamps), which is written in place.
/// </summary>
internal sealed class ReplaceOnUpdateHandler(IEnumerable<IBatchedWritesSupport> batchedWrites) : IVersioningHandler
{
    private readonly bool _oneStatement = batchedWrites.Any();

    public int Order => VersioningHandlerOrder.ReplaceOnUpdate;

    public void Handle(VersioningChangeSet changeSet)
    {
        SoftDeleteValues? values = null;
        var replacements = new RowReplacements();
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (state == EntityState.Modified
                && entry.State == EntityState.Modified
                && plan.SoftDelete is { ReplaceOnUpdate: true } softDelete
                && entry.OriginalValues[softDelete.IsDeleted] is false
                && entry.CurrentValues[softDelete.IsDeleted] is false
                && ChangesValues(entry, plan))
            {
                values ??= SoftDeleteValues.Of(changeSet, Properties.VersioningStrings.SoftDeleteUpdateWithNewInformation);
                replacements.Add(RowReplacement.Replace(changeSet, entry, plan, values.Value));
            }
        }

        if (_oneStatement)
        {
            replacements.WriteSingleAsOneStatement(changeSet);
        }
    }

    private static bool ChangesValues(EntityEntry entry, EntitySavePlan plan)
    {
        foreach (var property in entry.Properties)
        {
            if (property.IsModified && !IsBookkeeping(property.Metadata, plan))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBookkeeping(IProperty property, EntitySavePlan plan)
        => plan.SoftDelete!.Bookkeeping.Contains(property)
            || property == plan.SoftDelete.ReplacesId
            || (plan.ChangeStamps is { } stamps
                && (property == stamps.UpdatedAt.Property || property == stamps.UpdatedBy
                    || property == stamps.CreatedAt.Property || property == stamps.CreatedBy));
}
