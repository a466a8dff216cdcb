using System.Globalization;

namespace Versioning.EntityFrameworkCore.Properties;

// The soft delete part of VersioningStrings; Properties/VersioningStrings.cs has the shared members.
internal static partial class VersioningStrings
{
    public static string SoftDeleteOnDerivedType(string entityType, string root)
        => Format(
            "The entity type '{0}' uses soft delete but the root of its hierarchy, '{1}', does not. EF Core applies query filters "
            + "to the root only, so the deleted rows would still show through '{1}'. Configure HasSoftDelete() on '{1}'.",
            entityType, root);

    public static string ReplaceOnUpdateNeedsGeneratedKey(string entityType)
        => Format(
            "The entity type '{0}' uses soft delete with new record (ReplaceOnUpdate), which inserts every update as a new row "
            + "with a new key, but its primary key is not a single generated property. Give '{0}' a single key property whose "
            + "value the database (identity) or EF (Guid) generates.",
            entityType);

    public static string ReplaceOnUpdateWithOwnedType(string entityType, string ownedType)
        => Format(
            "The entity type '{0}' uses soft delete with new record (ReplaceOnUpdate), which inserts every update under a new "
            + "key, but it owns '{1}', whose rows share the owner's key. Map '{1}' as a complex property (ComplexProperty) "
            + "or as an entity of its own.",
            entityType, ownedType);

    public static string RestoreNotSoftDeletable(string entityType)
        => Format(
            "Restore was called on an entity of type '{0}', which does not use soft delete, so it can never be soft-deleted. "
            + "Configure HasSoftDelete() / [SoftDelete] on '{0}'.",
            entityType);

    public static string RestoreNotDeleted(string entityType)
        => Format(
            "Restore was called on an entity of type '{0}' that is not deleted (its IsDeleted is false). Load deleted rows with "
            + "IncludeDeleted() or OnlyDeleted() and restore those.",
            entityType);

    public static string SoftDeleteWouldHardDeleteDependent(string principal, string dependent)
        => Format(
            "Deleting the '{0}' soft-deletes it, but EF cascaded the delete to a tracked '{1}', which does not use soft delete "
            + "and would be hard-deleted although its principal row stays. Make '{1}' soft-deletable (HasSoftDelete()), or delete "
            + "the '{1}' in a SaveChanges of its own before deleting the '{0}', or detach it.",
            principal, dependent);

    public static string BulkUpdateOnReplaceOnUpdate(string entityType)
        => Format(
            "ExecuteUpdate cannot run on '{0}': it uses soft delete with new record (ReplaceOnUpdate), where every update keeps "
            + "the old row and inserts a new one with a new key, which this provider's set-based update cannot do "
            + "(PostgreSQL's can). Load the entities, change them and call SaveChanges; an ExecuteUpdate of the soft-delete "
            + "columns or change stamps only is written in place.",
            entityType);

    public static string BulkUpdateSetsReplacesId(string entityType, string property)
        => Format(
            "ExecuteUpdate sets '{0}.{1}', which soft delete maintains: each updated row's new record gets a new key and "
            + "names the row it replaces. Remove that setter.",
            entityType, property);

    public static string SoftDeleteUpdateWithNewInformation
        => "Updated with new information";

    public static string PurgeWithoutRetention(string entityType)
        => Format(
            "Purge was called for '{0}', which has no retention, so its deleted rows have no purge date and are never purged. "
            + "Configure one with HasSoftDelete(s => s.PurgeAfter(...)) or [SoftDelete(PurgeAfterDays = ...)].",
            entityType);

    public static string NotAnEntityType(string type)
        => Format("The type '{0}' is not an entity type of this context's model.", type);
}
