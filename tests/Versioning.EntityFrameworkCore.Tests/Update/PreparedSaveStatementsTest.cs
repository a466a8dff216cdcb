using Versioning.EntityFrameworkCore.PostgreSQL.Update;

namespace Versioning.EntityFrameworkCore.Tests.Update;

/// <summary>
/// At most <see cref="PreparedSaveStatements.Limit"/> different one-entity save statements are prepared: Npgsql never
/// evicts an explicitly prepared statement from a connection.
/// </summary>
public class PreparedSaveStatementsTest
{
    [Fact]
    public void Statements_beyond_the_limit_are_not_prepared_and_admitted_ones_stay_admitted()
    {
        var prepared = new PreparedSaveStatements();
        for (var i = 0; i < PreparedSaveStatements.Limit; i++)
        {
            prepared.Admit($"WITH versioning_written AS (UPDATE t{i} SET a = $1 WHERE id = $2 RETURNING 1) SELECT * FROM versioning_written;", out var admitted)
                .Should().BeTrue();
            admitted.Should().BeTrue("it is new");
        }

        prepared.Admit("WITH versioning_written AS (UPDATE t_new SET a = $1 WHERE id = $2 RETURNING 1) SELECT * FROM versioning_written;", out var overLimit)
            .Should().BeFalse("the limit is reached");
        overLimit.Should().BeFalse();
        prepared.Admit("WITH versioning_written AS (UPDATE t7 SET a = $1 WHERE id = $2 RETURNING 1) SELECT * FROM versioning_written;", out var again)
            .Should().BeTrue("a statement seen before is still prepared");
        again.Should().BeFalse("it was admitted before (and logged then)");
    }
}
