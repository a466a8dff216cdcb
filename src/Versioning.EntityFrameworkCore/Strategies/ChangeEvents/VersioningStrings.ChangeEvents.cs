namespace Versioning.EntityFrameworkCore.Properties;

// The change events part of VersioningStrings; Properties/VersioningStrings.cs has the shared members.
internal static partial class VersioningStrings
{
    public static string ChangeEventsNotMapped(string context)
        => Format(
            "The model of '{0}' has no change events table: no entity type writes change events (HasChangeEvents / "
            + "[ChangeEvents]). Configure one, or map ChangeEvent yourself.",
            context);

    public static string ChangeEventTargetNotTracked(string entityType)
        => Format(
            "A change event can only be raised on an entity the context tracks: its stream version is checked and advanced "
            + "by the save. Attach or load the '{0}' first.",
            entityType);

    public static string ChangeEventTargetNotConfigured(string entityType)
        => Format(
            "'{0}' does not write change events. Configure it with HasChangeEvents() or [ChangeEvents] to raise events on it.",
            entityType);

    public static string ChangeEventKindEmpty
        => "The kind of a custom change event cannot be empty: give it a name such as \"PriceChanged\".";

    public static string ChangeEventMemberCannotBeJson(string entityType, string property)
        => Format(
            "'{0}.{1}' cannot be written into a change event: its type has no invariant text and no value converter to one. "
            + "Leave it out with [NotVersioned] / IsNotVersioned(), or give it a value converter.",
            entityType, property);

    public static string BulkStatementOnChangeEventsType(string entityType, string statement)
        => Format(
            "{1} on '{0}' is refused: '{0}' writes change events, and a bulk statement would change its rows without their "
            + "events and stream versions. Load the entities and save them, or use ExecuteUpdate/ExecuteDelete on a type "
            + "without change events.",
            entityType, statement);


    public static string ProcessedChangeEventsNotMapped(string context)
        => Format(
            "The model of '{0}' does not map ProcessedChangeEvent, where consumers record the change events they processed. "
            + "Call modelBuilder.HasProcessedChangeEvents() in its OnModelCreating.",
            context);
}
