using System.Globalization;

namespace Versioning.EntityFrameworkCore.Properties;

// The temporal history part of VersioningStrings; Properties/VersioningStrings.cs has the shared members.
internal static partial class VersioningStrings
{
    public static string TemporalOnHierarchy(string entityType)
        => Format(
            "The entity type '{0}' is part of an inheritance hierarchy; temporal history (HasTemporalHistory / [TemporalHistory]) "
            + "supports entity types without base or derived types only. Remove the temporal history from it, or map the "
            + "hierarchy's types without inheritance.",
            entityType);

    public static string TemporalReservedProperty(string entityType, string property)
        => Format(
            "The entity type '{0}' uses temporal history, whose history table adds a column '{1}', but '{0}' already has a "
            + "property '{1}'. Rename the property (or its column) so that the history table can hold both.",
            entityType, property);

    public static string TemporalHistoryTableCollision(string entityType, string table, string otherEntityType)
        => Format(
            "The history table '{1}' of the temporal entity type '{0}' is also the table of '{2}'. Give the history its own "
            + "table: HasTemporalHistory(t => t.ToTable(\"...\")) or [TemporalHistory(Table = \"...\")].",
            entityType, table, otherEntityType);

    public static string TemporalBulkStatement(string entityType, string statement)
        => Format(
            "{1} on '{0}' would change rows without writing their temporal history (HasTemporalHistory / [TemporalHistory]): "
            + "this database provider cannot write history rows in a bulk statement (PostgreSQL can). Load the entities and "
            + "use SaveChanges, which writes the history rows in the same transaction.",
            entityType, statement);

    public static string BulkUpdateSetsPeriod(string entityType, string property)
        => Format(
            "ExecuteUpdate sets '{0}.{1}', which temporal history maintains: each updated row's next version gets its start, "
            + "number and author from the statement. Remove that setter.",
            entityType, property);

    public static string TemporalTimeNotUtc(string parameter, DateTimeKind kind)
        => Format(
            "The time '{0}' has DateTimeKind.{1}; temporal queries take UTC times only (periods are stored in UTC). "
            + "Pass a UTC time, e.g. DateTime.SpecifyKind(t, DateTimeKind.Utc) or t.ToUniversalTime(), so that no time is silently shifted.",
            parameter, kind);


    public static string TemporalRedactedNotText(string entityType, string property)
        => Format(
            "'{0}.{1}' is [Redacted], and temporal history keeps the redaction mask '***' instead of its values, which only a "
            + "string property of the entity itself can hold (a restore keeps its current value). Make it a string property "
            + "of '{0}', or remove [Redacted] if its past values may be kept in the history table.",
            entityType, property);

    public static string TemporalVersionNotFound(string entityType, int version)
        => Format("The '{0}' has no version {1}: its history holds the versions History(key) returns.", entityType, version);

    public static string TemporalNoVersionAt(string entityType, DateTime time)
        => Format("The '{0}' had no version at {1:O} (it did not exist yet, or was deleted).", entityType, time);

    public static string FieldNotAProperty(string field, string entityType)
        => Format(
            "'{0}' is not a property of '{1}' or of one of its complex properties; pass a member access such as e => e.Name or e => e.Home.City.",
            field, entityType);

    public static string TemporalRangeReversed(DateTime from, DateTime to)
        => Format("The period start {0:O} is after its end {1:O}.", from, to);

    public static string TemporalNavigation(string entityType, string navigation, string target)
        => Format(
            "A temporal query of '{0}' (TemporalAll, TemporalBetween, TemporalFromTo, TemporalContainedIn) navigates through '{1}' "
            + "to '{2}', which keeps temporal history: these queries return several versions of each row, and which version of "
            + "a related row belongs to which is not defined, so the query is refused. Use TemporalAsOf for the graph as of a "
            + "time, or query '{2}' with the same temporal method and join the results by key.",
            entityType, navigation, target);

    public static string TemporalNavigationPeriodTypes(string entityType, string navigation, string target)
        => Format(
            "TemporalAsOf of '{0}' navigates through '{1}' to '{2}', whose period has another CLR type (DateTime and "
            + "DateTimeOffset): the related rows cannot be taken as of the same time argument, so the query is refused. Give both "
            + "the same type of ValidFrom, or query '{2}' with TemporalAsOf and join the results by key.",
            entityType, navigation, target);

    public static string FieldNotInHistory(string field, string entityType)
        => Format(
            "'{0}' is a [Redacted] property of '{1}' whose history keeps nothing (RedactedValues(TemporalRedaction.Exclude)): it has "
            + "no field history.",
            field, entityType);

    public static string TemporalExcludedNotNullable(string entityType, string property)
        => Format(
            "The [Redacted] property '{0}.{1}' is left out of the temporal history (RedactedValues(TemporalRedaction.Exclude)), "
            + "so as-of queries of past versions read null for it, which it cannot hold. Make it nullable, or keep the mask "
            + "(TemporalRedaction.Mask, string properties).",
            entityType, property);

    public static string TemporalKeyCount(string entityType, int expected, int actual)
        => Format("The key of '{0}' has {1} part(s) but {2} value(s) were given.", entityType, expected, actual);

    public static string RestoreAsOfNotTracked(string entityType)
        => Format(
            "RestoreAsOf needs the entity of type '{0}' to be tracked by the context (query it first, or Attach it): "
            + "the restored values become its next version.",
            entityType);

    public static string RestoreAsOfNoState(string entityType, string key, DateTime time)
        => Format("The entity '{0}' with key {1} did not exist at {2:O}, so there is nothing to restore.", entityType, key, time);
}
