using System.Globalization;

namespace Versioning.EntityFrameworkCore.Properties;

// The audit trail part of VersioningStrings; Properties/VersioningStrings.cs has the shared members.
internal static partial class VersioningStrings
{
    public static string AuditTrailWithoutSoftDelete(string entityType)
        => Format(
            "The entity type '{0}' uses audit trail, which deletes an entity by soft-deleting its current revision, but soft "
            + "delete is turned off on it (HasSoftDelete(false)). Remove HasSoftDelete(false) from '{0}', or remove the audit trail.",
            entityType);

    public static string AuditTrailNeedsGeneratedKey(string entityType)
        => Format(
            "The entity type '{0}' uses audit trail, which inserts every update as a new revision row with a new key, but its "
            + "primary key is not a single generated property. Give '{0}' a single key property whose value the database "
            + "(identity) or EF (Guid) generates.",
            entityType);

    public static string AuditTrailOnDerivedType(string entityType, string root)
        => Format(
            "The entity type '{0}' uses audit trail but the root of its hierarchy, '{1}', does not. Revisions live in the "
            + "hierarchy's table and EF Core filters queries at the root only. Configure HasAuditTrail() on '{1}'.",
            entityType, root);

    public static string AuditTrailPastRevisionWritten(string entityType, object? key)
        => Format(
            "The '{0}' with key '{1}' is a past revision (IsCurrent is false); it was modified or deleted, but an audit trail "
            + "never rewrites history. Change the current revision instead (load it with CurrentRevision(key)), or use "
            + "RestoreRevision to bring back old values as a new revision.",
            entityType, key);

    public static string BulkStatementOnAuditTrail(string entityType, string statement)
        => Format(
            "{1} cannot run on '{0}': it uses audit trail, where every update keeps the current row as a past revision and "
            + "inserts a new one, which this provider's set-based update cannot do (PostgreSQL's can), and revisions are never "
            + "removed. Load the entities, change them and call SaveChanges; ExecuteDelete works (it soft-deletes the current "
            + "revisions), and so does an ExecuteUpdate of the soft-delete columns or change stamps only.",
            entityType, statement);

    public static string BulkUpdateSetsRevisionColumn(string entityType, string property)
        => Format(
            "ExecuteUpdate sets '{0}.{1}', which the audit trail maintains: each updated row's new revision gets its key, "
            + "number, family, author and current flag from the statement. Remove that setter.",
            entityType, property);

    public static string NotAuditTrail(string entityType, string operation)
        => Format(
            "{1} was called for '{0}', which does not use audit trail, so it has no revisions. Configure HasAuditTrail() / "
            + "[AuditTrail] on '{0}'.",
            entityType, operation);

    public static string RevisionNotFound(string entityType, object? key, int revision)
        => Format(
            "RestoreRevision: the '{0}' with key '{1}' has no revision {2}. Revisions are numbered from 1 to the current one; "
            + "list them with Revisions(key).",
            entityType, key, revision);

    public static string RestoreRevisionOfPastRevision(string entityType, object? key)
        => Format(
            "RestoreRevision was called with the '{0}' with key '{1}', which is a past revision. Pass the current revision "
            + "(load it with CurrentRevision(key)); the restore writes a new revision after it.",
            entityType, key);

    public static string RevisionKeyOfWrongType(string entityType, string keyType, string expectedType)
        => Format(
            "A revision query for '{0}' was given a key of type '{1}', but the key of '{0}' is of type '{2}'. Pass the key "
            + "value itself (for example revision.Id).",
            entityType, keyType, expectedType);
}
