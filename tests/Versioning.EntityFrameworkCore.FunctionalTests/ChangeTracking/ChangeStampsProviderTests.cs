using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeTracking;

public sealed class ChangeStampsSqliteTest(SqliteTestStore store) : ChangeStampsSpec(store), IClassFixture<SqliteTestStore>;

public sealed class ChangeStampsPostgreSqlTest(PostgresTestStore store) : ChangeStampsSpec(store), IClassFixture<PostgresTestStore>;
