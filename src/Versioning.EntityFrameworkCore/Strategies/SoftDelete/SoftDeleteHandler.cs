using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// Turns the deletes of soft-deletable entities into updates of their flags, with the save's timestamp, actor and
/// reason, and carries the soft delete to their tracked dependents:
/// <list type="bullet">
/// <item>along a cascading relationship, a soft-deletable dependent is soft-deleted with the same values (whatever EF's
/// cascade timing did to it); a dependent that is not soft-deletable and that EF cascaded to Deleted fails the save with
/// a clear error, because the issue forbids hard-deleting it for a soft delete and silently keeping a row the
/// application removed would be worse;</item>
/// <item>along any other relationship, foreign keys EF set to null when the principal was removed are put back: the
/// principal row stays, so nothing is orphaned;</item>
/// <item>owned entries EF deleted with their owner are kept, as the owner's row is.</item>
/// </list>
/// </summary>
internal sealed class SoftDeleteHandler : IVersioningHandler
{
    /// <summary>
    /// After stamps, so a soft delete (a Deleted entry turned into an update of the flags) is not stamped as an update:
    /// <c>DeletedAt/DeletedBy</c> record it, and <c>UpdatedAt</c> keeps meaning the last change of the values.
    /// </summary>
    public const int Position = 200;

    public int Order => Position;

    public void Handle(VersioningChangeSet changeSet)
    {
        Cascade? cascade = null;
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (state == EntityState.Deleted && plan.Find<SoftDeletePlan>() is { } softDelete)
            {
                cascade ??= new Cascade(changeSet, SoftDeleteValues.Of(changeSet));
                cascade.SoftDelete(entry, softDelete);
            }
        }
    }

    private sealed class Cascade(VersioningChangeSet changeSet, SoftDeleteValues values)
    {
        private readonly HashSet<object> _deleted = new(ReferenceEqualityComparer.Instance);
        private readonly TrackedDependents _dependents = new(changeSet.Context);
        private readonly VersioningSavePlan _plans = VersioningSavePlan.For(changeSet.Context.Model);

        public void SoftDelete(EntityEntry entry, SoftDeletePlan plan)
        {
            if (!_deleted.Add(entry.Entity))
            {
                return;
            }

            SoftDeleteWriter.Write(changeSet, entry, plan, values);
            KeepOwned(entry, plan.Ownerships);
            foreach (var foreignKey in plan.CascadingForeignKeys)
            {
                foreach (var dependent in _dependents.Of(entry, foreignKey, original: false))
                {
                    if (dependent.State is EntityState.Detached or EntityState.Added)
                    {
                        continue;
                    }

                    if (_plans.Find(dependent.Metadata)?.Find<SoftDeletePlan>() is { } dependentPlan)
                    {
                        SoftDelete(dependent, dependentPlan);
                    }
                    else if (dependent.State == EntityState.Deleted)
                    {
                        throw new InvalidOperationException(
                            VersioningStrings.SoftDeleteWouldHardDeleteDependent(entry.Metadata.DisplayName(), dependent.Metadata.DisplayName()));
                    }
                }
            }

            foreach (var foreignKey in plan.OtherReferencingForeignKeys)
            {
                foreach (var dependent in _dependents.Of(entry, foreignKey, original: true))
                {
                    // Only a foreign key EF nulled; one the application pointed at another principal stays as it is.
                    if (dependent.State == EntityState.Modified && foreignKey.Properties.All(p => dependent.CurrentValues[p] == null))
                    {
                        foreach (var property in foreignKey.Properties)
                        {
                            changeSet.RevertToOriginal(dependent, property);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// EF deletes owned entries with their owner; the owner's row stays, so they stay too (their columns in its
        /// table, their rows in theirs), nested owned types included.
        /// </summary>
        private void KeepOwned(EntityEntry owner, IEnumerable<IForeignKey> ownerships)
        {
            foreach (var ownership in ownerships)
            {
                foreach (var owned in _dependents.Of(owner, ownership, original: false))
                {
                    if (owned.State == EntityState.Deleted)
                    {
                        changeSet.SetState(owned, EntityState.Unchanged);
                        KeepOwned(owned, owned.Metadata.GetReferencingForeignKeys().Where(fk => fk.IsOwnership));
                    }
                }
            }
        }
    }
}
