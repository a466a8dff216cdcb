using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Temporal;

public sealed class TemporalHistorySqliteTest(SqliteTestStore store) : TemporalHistorySpec(store), IClassFixture<SqliteTestStore>;

public sealed class TemporalHistoryPostgreSqlTest(PostgresTestStore store) : TemporalHistorySpec(store), IClassFixture<PostgresTestStore>
{
    protected override bool UsesSetBasedHistory => true;

    protected override bool CapturesBulkStatements => true;
}
