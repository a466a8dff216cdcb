using System.Globalization;

namespace Versioning.EntityFrameworkCore.Properties;

/// <summary>
/// Every message Versioning shows a user, in one place (EF's CoreStrings plays this role for EF itself).
/// </summary>
internal static partial class VersioningStrings
{
    private static string Format(string format, params object?[] args)
        => string.Format(CultureInfo.InvariantCulture, format, args);

    public static string UseVersioningCalledTwice(string? contextType)
        => Format(
            "UseVersioning() was called more than once while configuring {0}. Configure Versioning in one call: "
            + "either optionsBuilder.UseVersioning(...) or, on PostgreSQL, UseNpgsql(cs, npgsql => npgsql.UseVersioning(...)).",
            contextType ?? "the DbContext");

    public static string UseVersioningBeforeProvider(string? contextType)
        => Format(
            "UseVersioning() was called while configuring {0} before its database provider. Versioning builds on services "
            + "the provider registers, so configure the provider first: UseNpgsql(cs, npgsql => npgsql.UseVersioning(...)), "
            + "or for another relational provider, for example, UseSqlite(cs).UseVersioning(...).",
            contextType ?? "the DbContext");

    public static string VersioningServicesBeforeProvider
        => "AddEntityFrameworkVersioning() was called before the relational provider's services were added to EF's internal "
            + "service provider. Add the provider's services first (for example AddEntityFrameworkNpgsql()), then Versioning's.";

    public static string UseVersioningWithoutRelationalProvider(string? contextType, string provider)
        => Format(
            "UseVersioning() was called while configuring {0}, whose database provider ({1}) is not a relational one. "
            + "Versioning writes history through tables and SQL: use a relational provider such as Npgsql (PostgreSQL) or SQLite.",
            contextType ?? "the DbContext", provider);

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

    public static string StrategyOnSharedTable(string entityType, string strategy, string table, string other)
        => Format(
            "The entity type '{0}' uses {1}, but its table '{2}' is also mapped to '{3}' (table splitting): a change saved "
            + "through '{3}' would not be versioned. Map '{3}' to a table of its own, or make its properties complex "
            + "properties of '{0}' (ComplexProperty).",
            entityType, strategy, table, other);

    public static string StrategyOnOwnerOfOwnedType(string entityType, string strategy, string navigation, string owned)
        => Format(
            "The entity type '{0}' uses {1}, but it owns '{3}' through '{2}' (OwnsOne/OwnsMany). EF saves owned types as "
            + "entries of their own, which this strategy does not version, so a change to '{2}' would be lost from the "
            + "history. Map '{2}' as a complex property (ComplexProperty), whose columns are versioned with the entity, or as an "
            + "entity type of its own with its own strategy.",
            entityType, strategy, navigation, owned);

    public static string StrategyOnUnversionableComplexProperty(string entityType, string strategy, string complexProperty)
        => Format(
            "The entity type '{0}' uses {1}, but its complex property '{2}' is a collection or is mapped to a JSON column, "
            + "which this strategy does not version. Map '{2}' as a complex property stored in columns of '{0}', or as an entity type "
            + "of its own with its own strategy.",
            entityType, strategy, complexProperty);

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

    public static string ReplacedMigrationsSqlGenerator(string generator)
        => Format(
            "The context replaces IMigrationsSqlGenerator with '{0}', which does not derive from "
            + "VersioningNpgsqlMigrationsSqlGenerator: migrations and EnsureCreated would silently lose the constraints "
            + "Versioning's tables need (temporal history's exclusion constraints, the audit trail's unique constraints checked "
            + "at commit, the values existing rows get). Derive '{0}' from "
            + "Versioning.EntityFrameworkCore.PostgreSQL.Migrations.VersioningNpgsqlMigrationsSqlGenerator, which derives from "
            + "Npgsql's generator.",
            generator);

    public static string ActorAccessorWithoutAddVersioning(string contextType)
        => Format(
            "The context '{0}' was created outside any DI scope (AddDbContextPool, AddDbContextFactory or "
            + "AddPooledDbContextFactory) and an IActorAccessor is registered, but services.AddVersioning() was not called, "
            + "so Versioning cannot tell whether that accessor belongs to the code that saves and would risk a wrong or "
            + "missing actor. Register it with services.AddVersioning(v => v.UseActorAccessor<TAccessor>()) after the "
            + "context, which binds pooled contexts to the scope that leases them; for factories, also bind the caller's "
            + "scope with factory.CreateDbContext().UseVersioningServices(scope.ServiceProvider).",
            contextType);

    public static string ActorAccessorOutsideScope(string contextType)
        => Format(
            "The context '{0}' was created outside any DI scope (AddDbContextFactory, AddPooledDbContextFactory, or AddDbContextPool "
            + "registered after AddVersioning), so Versioning cannot find the scoped IActorAccessor of the code that saves and "
            + "would record a wrong or missing actor. Bind the caller's scope once the context is created: "
            + "factory.CreateDbContext().UseVersioningServices(scope.ServiceProvider) (EF's 'pooled context with scoped state' "
            + "pattern); call AddVersioning() after AddDbContextPool, which binds leased contexts itself; or register the "
            + "IActorAccessor as a singleton that reads an ambient value (such as IHttpContextAccessor).",
            contextType);

    public static string ActorAccessorReturnedNull(string accessorType)
        => Format("the registered IActorAccessor '{0}' returned no actor", accessorType);

    public static string StrategyNotConfigured(string entityType, string strategy)
        => Format("The entity type '{0}' does not use {1}, so it has no {1} values to read.", entityType, strategy);

    public static string ChangeScopeDisposedOutOfOrder
        => "Change scopes must be disposed in the reverse order of their creation (use 'using var scope = db.BeginChangeScope(...)').";

    public static string SetBasedUpdateConcurrency(int expected, ulong updated, string entityType)
        => Format(
            "The update of {0} '{2}' rows was written as one statement, which updated {1} rows: some of the rows were "
            + "deleted or changed since they were loaded. Nothing was saved; reload the entities and try again.",
            expected, updated, entityType);

    public static string BatchedRowsNotWritten
        => "Versioning prepared history, log or soft-delete rows for this save that no command batch of EF wrote, because EF "
            + "sent no command. The entities' changes were saved without them. Please report this with the model and the "
            + "changes of the save.";

    public static string RowKeyConflict(string? table)
        => Format(
            "Another writer changed some of these entities since they were loaded: the history rows of the versions this save "
            + "would close are already in '{0}'. Nothing was saved; reload the entities and try again.",
            table);

    public static string DeferredConstraintViolated
        => "The save would break a unique index of an audit-trail entity (on PostgreSQL a constraint checked at the end of the "
            + "save: SqlState 23505, or 23P01 for an index with a filter, such as every unique index of an audit trail, which "
            + "only holds among current revisions). Nothing of the save was accepted; see the inner exception for the constraint.";

    public static string LastBatchFailed
        => "An error occurred while Versioning wrote the rows of this save that wait for the keys the database generates "
            + "(activity log rows of inserted entities). Nothing of the save was accepted; see the inner exception for details.";

    public static string ReplacementInsertWithoutValues(string entityType)
        => Format(
            "The new row of a '{0}' replacement has no column values to insert, so the old row's update cannot be made its "
            + "condition. Map at least one column of '{0}' that is not generated by the database.",
            entityType);

    public static string SetBasedStatementFailed
        => "An error occurred while saving the history rows of this save; nothing was saved. See the inner exception for details.";

    public static string StrategiesExclusive(string entityType, string first, string second)
        => Format(
            "The entity type '{0}' uses both {1} and {2}. Each of them decides what an update writes, so an entity can use only "
            + "one: remove one of the two.",
            entityType, first, second);

    public static string StrategyNeedsStableKeys(string entityType, string stable, string replacing)
        => Format(
            "The entity type '{0}' uses both {1} and {2}. The first keeps its records under the entity's key, which the second "
            + "replaces on every update (each update is a new row under a new key): remove one of the two.",
            entityType, stable, replacing);

    public static string BulkStatementReachesDerivedStrategy(string entityType, string statement, string derived, string strategy)
        => Format(
            "{1} on '{0}' would also change rows of its derived type '{2}', which uses {3} while '{0}' does not, so those "
            + "changes would not be versioned. Run {1} on '{2}' (db.Set<{2}>() or OfType<{2}>()) and on the other types "
            + "separately.",
            entityType, statement, derived, strategy);

    public static string BulkStatementNotCaptured(string entityType, string statement, string reason)
        => Format("{1} on '{0}' cannot write its history in the same statement: {2}", entityType, statement, reason);

    public static string BulkCaptureOfSplitRows
        => "its rows are stored in more than one table (a derived type mapped table per type, or entity splitting), and one "
            + "statement locks, changes and reads back the rows of one table; it was not run. Run it on the base type when it "
            + "sets only the base type's columns, or load the entities and use SaveChanges.";

    public static string BulkStatementShapeNotRecognised(string entityType)
        => Format(
            "The bulk statement on '{0}' has a shape Versioning does not recognise, so it cannot write its history in the "
            + "same statement; it was not run. Load the entities and use SaveChanges, and report the statement to Versioning.",
            entityType);

    public static string BulkReplacementReadsOtherTables(string entityType)
        => Format(
            "ExecuteUpdate on '{0}' needs its statement to read other rows (a join, Take/Skip or OrderBy on the source, which "
            + "EF writes as a FROM clause), but each updated row becomes a new row whose values must come from the row itself "
            + "and the setters; it was not run. Filter the rows with Where only (read other values into parameters first), "
            + "or load the entities and use SaveChanges.",
            entityType);

    public static string BulkReplacementSplitsRows(string entityType)
        => Format("the rows of '{0}' or of its derived types are stored in more than one table, and a new row is inserted into one", entityType);

    public static string BulkReplacementKeyNotGenerated(string key)
        => Format(
            "the new rows need new keys, and '{0}' is generated neither by the database (identity, serial or a default value "
            + "SQL) nor as a Guid by EF",
            key);

    public static string CompiledBulkStatement(string entityType, string statement)
        => Format(
            "{1} on '{0}' cannot be a compiled query (EF.CompileQuery, EF.CompileAsyncQuery or a precompiled query): "
            + "Versioning writes the time and actor of each execution into the statement, and a compiled query would fix "
            + "the first ones for every later execution. Call {1} without compiling it.",
            entityType, statement);

    public static string DatabaseCaptureWithoutHistory(string entityType)
        => Format(
            "HasDatabaseCapture() on '{0}' captures the writes that bypass EF into its temporal history or its activity log, "
            + "and '{0}' keeps neither. Add HasTemporalHistory() or HasActivityLog(), or remove HasDatabaseCapture().",
            entityType);
}
