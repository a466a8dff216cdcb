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

    public static string BulkUpdateSetsCreatedStamp(string entityType, string property)
        => Format(
            "ExecuteUpdate sets '{0}.{1}', but change stamps make created stamps immutable after insert. Remove that setter "
            + "(UpdatedAt/UpdatedBy are set for you).",
            entityType, property);

    public static string ChangeScopeDisposedOutOfOrder
        => "Change scopes must be disposed in the reverse order of their creation (use 'using var scope = db.BeginChangeScope(...)').";

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
            "{1} on '{0}' would change rows without writing the activity log, which {0} keeps (HasActivityLog / [ActivityLog]). "
            + "Load the entities and change them through SaveChanges instead, or remove the activity log from '{0}'.",
            entityType, statement);

    public static string NotAnActivityLogQuery
        => "For(...) filters a query of the activity log: start it with db.ActivityLog() (or db.Set<ActivityLogEntry>()).";

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

    public static string SetBasedUpdateConcurrency(int expected, ulong updated, string entityType)
        => Format(
            "The update of {0} '{2}' rows was written as one statement, which updated {1} rows: some of the rows were "
            + "deleted or changed since they were loaded. Nothing was saved; reload the entities and try again.",
            expected, updated, entityType);

    public static string BatchedRowsNotWritten
        => "Versioning prepared history, log or soft-delete rows for this save that no command batch of EF wrote, because EF "
            + "sent no command. The entities' changes were saved without them. Please report this with the model and the "
            + "changes of the save.";

    public static string ReplacementInsertWithoutValues(string entityType)
        => Format(
            "The new row of a '{0}' replacement has no column values to insert, so the old row's update cannot be made its "
            + "condition. Map at least one column of '{0}' that is not generated by the database.",
            entityType);

    public static string BulkUpdateOnReplaceOnUpdate(string entityType)
        => Format(
            "ExecuteUpdate cannot run on '{0}': it uses soft delete with new record (ReplaceOnUpdate), where every update keeps "
            + "the old row and inserts a new one with a new key, which a set-based UPDATE cannot do. Load the entities, change "
            + "them and call SaveChanges.",
            entityType);

    public static string SoftDeleteUpdateWithNewInformation
        => "Updated with new information";

    public static string PurgeWithoutRetention(string entityType)
        => Format(
            "Purge was called for '{0}', which has no retention, so its deleted rows have no purge date and are never purged. "
            + "Configure one with HasSoftDelete(s => s.PurgeAfter(...)) or [SoftDelete(PurgeAfterDays = ...)].",
            entityType);

    public static string NotAnEntityType(string type)
        => Format("The type '{0}' is not an entity type of this context's model.", type);

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

    public static string StrategiesExclusive(string entityType, string first, string second)
        => Format(
            "The entity type '{0}' uses both {1} and {2}. Each of them decides what an update writes, so an entity can use only "
            + "one: remove one of the two.",
            entityType, first, second);

    public static string StrategiesNotCombinableYet(string entityType, string first, string second)
        => Format(
            "The entity type '{0}' uses both {1} and {2}, which Versioning does not combine yet. Remove one of the two.",
            entityType, first, second);

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
            + "inserts a new one, and a delete soft-deletes the current revision; a set-based statement would change rows "
            + "without recording revisions. Load the entities, change or remove them and call SaveChanges.",
            entityType, statement);

    public static string CompiledBulkStatement(string entityType, string statement)
        => Format(
            "{1} on '{0}' cannot be a compiled query (EF.CompileQuery, EF.CompileAsyncQuery or a precompiled query): "
            + "Versioning writes the time and actor of each execution into the statement, and a compiled query would fix "
            + "the first ones for every later execution. Call {1} without compiling it.",
            entityType, statement);

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
