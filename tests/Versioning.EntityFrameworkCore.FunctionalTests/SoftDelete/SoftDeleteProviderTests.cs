using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.SoftDelete;

public sealed class SoftDeleteSqliteTest(SqliteTestStore store) : SoftDeleteSpec(store), IClassFixture<SqliteTestStore>;

public sealed class SoftDeletePostgreSqlTest(PostgresTestStore store) : SoftDeleteSpec(store), IClassFixture<PostgresTestStore>;

public sealed class ReplaceOnUpdateSqliteTest(SqliteTestStore store) : ReplaceOnUpdateSpec(store), IClassFixture<SqliteTestStore>;

public sealed class ReplaceOnUpdatePostgreSqlTest(PostgresTestStore store) : ReplaceOnUpdateSpec(store), IClassFixture<PostgresTestStore>
{
    protected override bool CapturesBulkStatements => true;
}

public sealed class SoftDeleteRestorePurgeBulkSqliteTest(SqliteTestStore store) : SoftDeleteRestorePurgeBulkSpec(store), IClassFixture<SqliteTestStore>;

public sealed class SoftDeleteRestorePurgeBulkPostgreSqlTest(PostgresTestStore store)
    : SoftDeleteRestorePurgeBulkSpec(store), IClassFixture<PostgresTestStore>;
