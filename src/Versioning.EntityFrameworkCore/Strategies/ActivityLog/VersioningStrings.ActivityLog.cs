using System.Globalization;

namespace Versioning.EntityFrameworkCore.Properties;

// The activity log part of VersioningStrings; Properties/VersioningStrings.cs has the shared members.
internal static partial class VersioningStrings
{
    public static string ActivityMemberInvalid(string entityType, string member, string configuration, string why)
        => Format(
            "{2} on '{0}.{1}' cannot apply: {3}. The activity log tracks, ignores and redacts mapped scalar properties only.",
            entityType, member, configuration, why);

    public static string ActivityMemberIsNavigation
        => "it is a navigation (log the foreign key property instead)";

    public static string ActivityMemberNotMapped
        => "it is not a mapped property (it is ignored, [NotMapped] or does not exist)";

    public static string ActivityActionEmpty(string entityType, string property)
        => Format(
            "The activity action of '{0}.{1}' is empty. Give Track(...) / [TrackActivity(...)] a name such as \"PRICE_CHANGE\", "
            + "or remove it to log the change as UPDATE.",
            entityType, property);

    public static string RedactedKeyProperty(string entityType, string property)
        => Format(
            "'{0}.{1}' is part of the primary key and is redacted, but the activity log identifies each entity by its key. "
            + "Remove Redact(...) / [Redacted] from '{1}' (or give '{0}' a key that is not a secret).",
            entityType, property);

    public static string ActivityValueNotText(string entityType, string property, string type, bool isKey)
        => Format(
            "The activity log cannot write values of '{0}.{1}' (type '{2}') as text: the type is not a primitive, enum, "
            + "IFormattable or primitive collection and its mapping has no value converter to one. "
            + (isKey
                ? "Configure a value converter for the key, or remove the activity log from '{0}'."
                : "Configure a value converter, leave the property out with Ignore(...) / [NotVersioned], or Redact(...) it."),
            entityType, property, type);

    public static string ActivityLogNotMapped(string contextType)
        => Format(
            "The model of '{0}' has no activity log, so there is nothing to log to or read. Enable it on an entity type "
            + "with HasActivityLog() / [ActivityLog].",
            contextType);

    public static string NotAnEntity(string type)
        => Format("'{0}' is not an entity type of the context's model, so it has no activity log.", type);

    public static string WrongKeyValueCount(string entityType, int expected, int actual)
        => Format("The key of '{0}' has {1} part(s), but {2} value(s) were given.", entityType, expected, actual);

    public static string ShadowKeyNotReadable(string entityType, string property)
        => Format(
            "The key property '{0}.{1}' is a shadow property, so it cannot be read from an entity that is not tracked. "
            + "Attach the entity, or query with For<T>(key).",
            entityType, property);

    public static string NoActivityRetention(string contextType)
        => Format(
            "No activity log retention is configured for '{0}', so no row is old enough to purge. Call "
            + "modelBuilder.RetainActivityFor(TimeSpan.FromDays(180)) in OnModelCreating, or pass the age to PurgeActivityLog.",
            contextType);

    public static string BulkStatementOnActivityLoggedType(string entityType, string statement)
        => Format(
            "{1} on '{0}' would change rows without writing the activity log, which {0} keeps (HasActivityLog / [ActivityLog]): "
            + "this database provider cannot write log rows in a bulk statement (PostgreSQL can). Load the entities and change "
            + "them through SaveChanges instead, or remove the activity log from '{0}'.",
            entityType, statement);

    public static string BulkLogKeyWithoutText(string property, string type)
        => Format(
            "the database cannot write the key property '{0}' ({1}) as the activity log's text. Load the entities and use SaveChanges.",
            property, type);

    public static string BulkLogSetterNotAProperty
        => "a setter sets something other than a property (a whole complex value, say), so the activity log cannot tell which "
            + "fields change. Set the complex value's properties one by one, or load the entities and use SaveChanges.";

    public static string BulkLogValueWithoutText(string field, string type)
        => Format(
            "the database cannot write the values of the logged field '{0}' ({1}) as the activity log's text, which SaveChanges "
            + "writes from the CLR value. Load the entities and use SaveChanges, or leave '{0}' out of the statement.",
            field, type);

    public static string NotAnActivityLogQuery
        => "For(...) filters a query of the activity log: start it with db.ActivityLog() (or db.Set<ActivityLogEntry>()).";

    public static string ActivityCaptureOfReplacedRows(string entityType, string strategy)
        => Format(
            "HasDatabaseCapture() on '{0}' cannot log the writes that bypass EF: with {1}, an update writes a new row whose log rows "
            + "name the row it replaced, which a database trigger cannot tell. Remove HasDatabaseCapture() from '{0}'.",
            entityType, strategy);

    public static string ActivityCaptureOfSharedTable(string entityType)
        => Format(
            "HasDatabaseCapture() on '{0}' cannot log the writes that bypass EF: its table is shared with other entity types "
            + "(inheritance or table splitting), whose rows a database trigger cannot tell apart. Remove HasDatabaseCapture() from '{0}'.",
            entityType);

    public static string ActivityCaptureWithoutText(string entityType, string field, string type)
        => Format(
            "HasDatabaseCapture() on '{0}' cannot log the writes that bypass EF: the database cannot write '{1}' ({2}) as the "
            + "activity log's text, which SaveChanges writes from the CLR value. Redact or ignore '{1}' in the log "
            + "(Redact(...), [NotVersioned]), or remove HasDatabaseCapture() from '{0}'.",
            entityType, field, type);
}
