using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// Audit trail: an insert is revision 1 (current, no root, <c>ModifiedBy</c> = actor); an
/// update that changes the application's values retires the current row (an UPDATE of <c>IsCurrent</c> only, conditioned
/// on it still being current) and inserts the new values as the next revision under a new key (see
/// <see cref="RowReplacement"/>). Several changes to one entity before a save are one entry, hence one revision. Changes of
/// bookkeeping only (a soft delete, a restore) are written in place. A past revision is never written.
/// </summary>
internal sealed class AuditTrailHandler(IEnumerable<IBulkRevisionWriter> bulkRevisions) : IVersioningHandler
{
    private readonly IBulkRevisionWriter? _bulkRevisions = bulkRevisions.FirstOrDefault();

    /// <summary>
    /// After stamps (whose update stamps become the new revision's insert stamps) and soft delete (at 200: a delete is the
    /// soft delete of the current revision, already turned into an update of its flags).
    /// </summary>
    public const int Position = 300;

    public int Order => Position;

    public void Handle(VersioningChangeSet changeSet)
    {
        // Per entity type, the entries that get a new revision; written once all are known, so that many of one table
        // can be written set-based.
        Dictionary<EntitySavePlan, List<EntityEntry>>? revisions = null;
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (plan.Find<AuditTrailPlan>() is not { } audit)
            {
                continue;
            }

            switch (state)
            {
                case EntityState.Added:
                    changeSet.SetValue(entry, audit.Revision, 1);
                    changeSet.SetValue(entry, audit.IsCurrent, true);
                    changeSet.SetValue(entry, audit.RootId, null);
                    changeSet.SetValue(entry, audit.ModifiedBy, changeSet.ActorId);
                    break;
                case EntityState.Modified or EntityState.Deleted:
                    if (entry.OriginalValues[audit.IsCurrent] is not true)
                    {
                        throw new InvalidOperationException(
                            VersioningStrings.AuditTrailPastRevisionWritten(entry.Metadata.DisplayName(), entry.OriginalValues[audit.Key]));
                    }

                    foreach (var property in audit.Revisioned)
                    {
                        changeSet.RevertToOriginal(entry, property);
                    }

                    if (state == EntityState.Modified && entry.State == EntityState.Modified && ChangesValues(entry, audit))
                    {
                        revisions ??= [];
                        if (!revisions.TryGetValue(plan, out var entries))
                        {
                            revisions[plan] = entries = [];
                        }

                        entries.Add(entry);
                    }

                    break;
            }
        }

        if (revisions == null)
        {
            return;
        }

        foreach (var (plan, entries) in revisions)
        {
            var perRow = _bulkRevisions?.Write(changeSet, plan, entries) ?? entries;
            foreach (var entry in perRow)
            {
                WriteRevision(changeSet, entry, plan, plan.Find<AuditTrailPlan>()!);
            }
        }
    }

    /// <summary>
    /// The bookkeeping of a new revision replacing a row loaded with <paramref name="oldRow"/> under
    /// <paramref name="oldKey"/>. The current revision is the family's newest, so max + 1 needs no query; the IsCurrent
    /// check on the old row's UPDATE guarantees nobody else wrote that number meanwhile.
    /// </summary>
    public static (IProperty Property, object? Value)[] NewRevision(
        VersioningChangeSet changeSet, AuditTrailPlan audit, PropertyValues oldRow, object? oldKey)
        =>
        [
            (audit.Revision, (int)oldRow[audit.Revision]! + 1),
            (audit.IsCurrent, true),
            (audit.RootId, oldRow[audit.RootId] ?? oldKey),
            (audit.ModifiedBy, changeSet.ActorId),
        ];

    private static (EntityEntry OldRow, EntityEntry NewRow) WriteRevision(
        VersioningChangeSet changeSet, EntityEntry entry, EntitySavePlan plan, AuditTrailPlan audit)
        => RowReplacement.Replace(
            changeSet,
            entry,
            plan,
            oldRow => changeSet.SetValue(oldRow, audit.IsCurrent, false),
            (newRow, oldRow) =>
            {
                foreach (var (property, value) in NewRevision(changeSet, audit, oldRow.OriginalValues, oldRow.OriginalValues[audit.Key]))
                {
                    changeSet.SetValue(newRow, property, value);
                }
            });

    private static bool ChangesValues(EntityEntry entry, AuditTrailPlan audit)
        => EntryProperties.AnyModified(entry, property => audit.IsBookkeeping(property.Metadata));
}
