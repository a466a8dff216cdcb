using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeEvents;

public sealed class ChangeEventsSqliteTest(SqliteTestStore store) : ChangeEventsSpec(store), IClassFixture<SqliteTestStore>;

public sealed class ChangeEventsPostgreSqlTest(PostgresTestStore store) : ChangeEventsSpec(store), IClassFixture<PostgresTestStore>;
