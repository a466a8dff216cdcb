using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.AuditTrail;

public sealed class AuditTrailSqliteTest(SqliteTestStore store) : AuditTrailSpec(store), IClassFixture<SqliteTestStore>;

public sealed class AuditTrailPostgreSqlTest(PostgresTestStore store) : AuditTrailSpec(store), IClassFixture<PostgresTestStore>
{
    protected override bool CapturesBulkStatements => true;
}
