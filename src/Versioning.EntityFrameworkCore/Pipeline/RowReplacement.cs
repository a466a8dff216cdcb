using System.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// Replaces one modified row in the change tracker so that EF writes "old row flagged deleted + new row inserted":
/// <list type="number">
/// <item>the application's instance is detached and emptied of the dependents it holds through its navigations (they
/// reference the old key, and must keep doing so);</item>
/// <item>a clone carrying the original values is attached under the old key and gets the deletion flags: EF writes an
/// UPDATE of those columns only, and tracked dependents with the old key now navigate to it;</item>
/// <item>the application's instance is tracked again as Added with its key reset, so EF (client Guid) or the database
/// (identity) gives it a new key; it carries the new values, <c>ReplacesId</c> = old key, and insert stamps.</item>
/// </list>
/// After SaveChanges the application's instance is therefore the new row. The whole replacement is one undo action,
/// registered first so that it runs last: a failed save puts the instance back, Modified, under its old key, with its
/// navigations, and the clone is gone.
/// </summary>
internal static class RowReplacement
{
    /// <summary>
    /// The replacement itself, shared by the strategies that turn an update into a new row (replace-on-update, audit
    /// trail): <paramref name="closeOldRow"/> writes the only columns the old row's UPDATE changes, through the change set;
    /// <paramref name="fillNewRow"/> writes the new row's bookkeeping (it gets the new row, then the old one).
    /// </summary>
    /// <returns>The old row's entry (a clone under the old key) and the new row's (the application's instance).</returns>
    public static (EntityEntry OldRow, EntityEntry NewRow) Replace(
        VersioningChangeSet changeSet,
        EntityEntry entry,
        EntitySavePlan plan,
        Action<EntityEntry> closeOldRow,
        Action<EntityEntry, EntityEntry> fillNewRow)
    {
        var context = changeSet.Context;
        var entity = entry.Entity;
        var key = entry.Metadata.FindPrimaryKey()!.Properties[0];
        var held = HeldDependents.Of(entry);
        var instance = new ReplacedInstance(entry, held.PutBack);
        changeSet.RecordReplaced(instance);
        var original = instance.Original;
        var current = instance.Current;

        EntityEntry? oldRow = null;
        changeSet.UndoLog.Record(() =>
        {
            if (oldRow != null)
            {
                oldRow.State = EntityState.Detached;
            }

            instance.PutBack();
        });

        entry.State = EntityState.Detached;
        held.Remove(entity);

        oldRow = context.Entry(original.ToObject());
        oldRow.State = EntityState.Unchanged;
        oldRow.CurrentValues.SetValues(original);
        oldRow.OriginalValues.SetValues(original);

        // Filling the shadow values marked them modified; the old row's UPDATE must write the deletion columns only.
        oldRow.State = EntityState.Unchanged;
        var referrers = Referrers(context, oldRow);
        closeOldRow(oldRow);

        var newRow = context.Entry(entity);
        newRow.CurrentValues[key] = key.ClrType.IsValueType ? Activator.CreateInstance(key.ClrType) : null;
        newRow.State = EntityState.Added;
        foreach (var property in entry.Metadata.GetProperties())
        {
            if (property != key)
            {
                newRow.CurrentValues[property] = current[property];
            }
        }

        KeepReferencing(referrers, oldRow);
        fillNewRow(newRow, oldRow);
        foreach (var stamps in plan.NewRowStamps)
        {
            foreach (var (property, value) in stamps.InsertValues(changeSet.Timestamp, changeSet.ActorId))
            {
                changeSet.SetValue(newRow, property, value);
            }
        }

        changeSet.Replacements.Add((oldRow, newRow));
        return (oldRow, newRow);
    }

    /// <summary>The tracked rows that reference the old key.</summary>
    private static List<(EntityEntry Dependent, IForeignKey ForeignKey)> Referrers(DbContext context, EntityEntry oldRow)
    {
        var dependents = new TrackedDependents(context);
        return [.. oldRow.Metadata.GetReferencingForeignKeys()
            .SelectMany(fk => dependents.Of(oldRow, fk, original: false).Select(d => (d, fk)))];
    }

    // Tracking the application's instance again makes EF fix up the tracked rows whose navigation held it while it was
    // detached, moving them to its new key. They referenced the old key and must keep it (that is the point of the strategy): point them at
    // the old row, and take the foreign key out of their UPDATE when it ends where it started.
    private static void KeepReferencing(List<(EntityEntry Dependent, IForeignKey ForeignKey)> referrers, EntityEntry oldRow)
    {
        foreach (var (dependent, foreignKey) in referrers)
        {
            if (dependent.State is EntityState.Deleted or EntityState.Detached)
            {
                continue;
            }

            if (foreignKey.DependentToPrincipal is { } navigation)
            {
                dependent.Navigation(navigation.Name).CurrentValue = oldRow.Entity;
            }

            for (var i = 0; i < foreignKey.Properties.Count; i++)
            {
                var property = dependent.Property(foreignKey.Properties[i]);
                property.CurrentValue = oldRow.CurrentValues[foreignKey.PrincipalKey.Properties[i]];
                if (Equals(property.CurrentValue, property.OriginalValue))
                {
                    property.IsModified = false;
                }
            }

            if (dependent.State == EntityState.Modified && !dependent.Properties.Any(p => p.IsModified))
            {
                dependent.State = EntityState.Unchanged;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="entry"/> can become a new row without a tracked old row to keep its relationships: it
    /// holds no dependents through its navigations and no tracked row references its key.
    /// </summary>
    public static bool StandsAlone(VersioningChangeSet changeSet, EntityEntry entry)
        => HeldDependents.Of(entry).IsEmpty
            && (!entry.Metadata.GetReferencingForeignKeys().Any() || Referrers(changeSet.Context, entry).Count == 0);

    /// <summary>The dependents an instance holds through its principal-side navigations, to take away and put back.</summary>
    private sealed class HeldDependents
    {
        private readonly List<(INavigationBase Navigation, List<object> Values)> _held = [];

        public bool IsEmpty => _held.Count == 0;

        public static HeldDependents Of(EntityEntry entry)
        {
            var held = new HeldDependents();
            foreach (var navigationEntry in entry.Navigations)
            {
                var navigation = navigationEntry.Metadata;
                if (navigation is INavigation { IsOnDependent: true } || navigationEntry.CurrentValue is not { } value)
                {
                    continue;
                }

                held._held.Add((navigation, navigation.IsCollection ? [.. ((IEnumerable)value).Cast<object>()] : [value]));
            }

            return held;
        }

        public void Remove(object entity)
        {
            foreach (var (navigation, values) in _held)
            {
                if (navigation.IsCollection)
                {
                    var accessor = navigation.GetCollectionAccessor()!;
                    values.ForEach(v => accessor.Remove(entity, v));
                }
                else
                {
                    SetReference(navigation, entity, null);
                }
            }
        }

        public void PutBack(object entity)
        {
            foreach (var (navigation, values) in _held)
            {
                if (navigation.IsCollection)
                {
                    var accessor = navigation.GetCollectionAccessor()!;
                    values.ForEach(v => accessor.Add(entity, v, forMaterialization: false));
                }
                else
                {
                    SetReference(navigation, entity, values[0]);
                }
            }
        }

        private static void SetReference(INavigationBase navigation, object entity, object? value)
        {
            if (navigation.PropertyInfo is { CanWrite: true } property)
            {
                property.SetValue(entity, value);
            }
            else
            {
                navigation.FieldInfo?.SetValue(entity, value);
            }
        }
    }
}
