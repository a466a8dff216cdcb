using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeTracking;

public sealed class ActivityLogSqliteTest(SqliteTestStore store) : ActivityLogSpec(store), IClassFixture<SqliteTestStore>;

public sealed class ActivityLogPostgreSqlTest(PostgresTestStore store) : ActivityLogSpec(store), IClassFixture<PostgresTestStore>
{
    protected override bool CapturesBulkStatements => true;
}
