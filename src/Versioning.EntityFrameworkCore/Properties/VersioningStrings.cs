using System.Globalization;

namespace Versioning.EntityFrameworkCore.Properties;

/// <summary>
/// Every message Versioning shows a user, in one place (EF's CoreStrings plays this role for EF itself).
/// </summary>
internal static class VersioningStrings
{
    private static string Format(string format, params object?[] args)
        => string.Format(CultureInfo.InvariantCulture, format, args);

    public static string UseVersioningCalledTwice(string? contextType)
        => Format(
            "UseVersioning() was called more than once while configuring {0}. Configure Versioning in one call: "
            + "either optionsBuilder.UseVersioning(...) or, on PostgreSQL, UseNpgsql(cs, npgsql => npgsql.UseVersioning(...)).",
            contextType ?? "the DbContext");

    public static string VersioningNotEnabled(string contextType)
        => Format(
            "Versioning is not enabled on '{0}'. Call UseVersioning() when configuring the context, for example "
            + "options.UseSqlite(cs).UseVersioning() or options.UseNpgsql(cs, npgsql => npgsql.UseVersioning()).",
            contextType);

    public static string StrategyOnOwnedType(string entityType, string strategy, string owner)
        => Format(
            "The entity type '{0}' is owned by '{2}' and is saved with it, so it cannot use {1} on its own. "
            + "Configure {1} on '{2}' instead.",
            entityType, strategy, owner);

    public static string StrategyOnKeylessType(string entityType, string strategy)
        => Format(
            "The entity type '{0}' has no key, so EF never saves it and {1} cannot apply. Remove {1} from it or give it a key.",
            entityType, strategy);

    public static string StrategyOnComplexType(string complexType, string attribute, string container)
        => Format(
            "[{1}] is on '{0}', which is mapped as a complex type (in '{2}'), not an entity type. Versioning strategies apply "
            + "to entity types: put the attribute on '{2}' instead.",
            complexType, attribute, container);

    public static string BookkeepingPropertyMissing(string entityType, string strategy, string property)
        => Format(
            "The entity type '{0}' uses {1} but has no mapped property '{2}' (was it ignored?). Map '{2}' or remove {1}.",
            entityType, strategy, property);

    public static string BookkeepingPropertyWrongType(string entityType, string strategy, string property, string actualType, string expectedTypes)
        => Format(
            "The property '{0}.{2}' used by {1} has type '{3}'; it must be {4}. Change the property's type or rename it "
            + "so that Versioning adds its own shadow property.",
            entityType, strategy, property, actualType, expectedTypes);

    public static string ActorRequired(string contextType, string why)
        => Format(
            "SaveChanges on '{0}' writes versioned entities and the context requires an actor (UseVersioning(v => v.RequireActor())), "
            + "but {1}. Register an accessor with services.AddVersioning(v => v.UseActorAccessor<TAccessor>()) or set one for the "
            + "unit of work with context.BeginChangeScope(actor: ...).",
            contextType, why);

    public static string NoActorAccessorRegistered
        => "no IActorAccessor is registered in the application's services";

    public static string NoApplicationServiceProvider
        => "the context has no application service provider (it was not created through AddDbContext), so no IActorAccessor can be resolved";

    public static string ActorAccessorReturnedNull(string accessorType)
        => Format("the registered IActorAccessor '{0}' returned no actor", accessorType);

    public static string StrategyNotConfigured(string entityType, string strategy)
        => Format("The entity type '{0}' does not use {1}, so it has no {1} values to read.", entityType, strategy);

    public static string ChangeScopeDisposedOutOfOrder
        => "Change scopes must be disposed in the reverse order of their creation (use 'using var scope = db.BeginChangeScope(...)').";

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
            "{1} on '{0}' would change rows without writing their temporal history (HasTemporalHistory / [TemporalHistory]). "
            + "Load the entities and use SaveChanges, which writes the history rows in the same transaction.",
            entityType, statement);

    public static string TemporalTimeNotUtc(string parameter, DateTimeKind kind)
        => Format(
            "The time '{0}' has DateTimeKind.{1}; temporal queries take UTC times only (periods are stored in UTC). "
            + "Pass a UTC time, e.g. DateTime.SpecifyKind(t, DateTimeKind.Utc) or t.ToUniversalTime(), so that no time is silently shifted.",
            parameter, kind);

    public static string TemporalRangeReversed(DateTime from, DateTime to)
        => Format("The period start {0:O} is after its end {1:O}.", from, to);

    public static string TemporalKeyCount(string entityType, int expected, int actual)
        => Format("The key of '{0}' has {1} part(s) but {2} value(s) were given.", entityType, expected, actual);

    public static string RestoreAsOfNotTracked(string entityType)
        => Format(
            "RestoreAsOf needs the entity of type '{0}' to be tracked by the context (query it first, or Attach it): "
            + "the restored values become its next version.",
            entityType);

    public static string RestoreAsOfNoState(string entityType, string key, DateTime time)
        => Format("The entity '{0}' with key {1} did not exist at {2:O}, so there is nothing to restore.", entityType, key, time);

    public static string SetBasedStatementFailed
        => "An error occurred while saving the history rows of this save; nothing was saved. See the inner exception for details.";
}
