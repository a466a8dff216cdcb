using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Temporal;

/// <summary>
/// Temporal queries are prepared on their connection (their two-table query is then parsed and planned once per
/// connection), unless the application switches it off; read back from PostgreSQL's own list of prepared statements.
/// </summary>
public sealed class TemporalQueryPreparationPostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>
{
    [Fact]
    public async Task An_as_of_query_is_prepared_on_its_connection_and_plain_queries_are_not()
        => (await PreparedStatementsAfterQueriesAsync(prepare: null)).Should().Equal(1L, 0L);

    [Fact]
    public async Task Switching_preparation_off_leaves_temporal_queries_unprepared()
        => (await PreparedStatementsAfterQueriesAsync(prepare: false)).Should().Equal(0L, 0L);

    /// <summary>Runs two as-of lookups and a plain query, and counts the prepared statements of each kind on the connection.</summary>
    private async Task<long[]> PreparedStatementsAfterQueriesAsync(bool? prepare)
    {
        await using var services = new ServiceCollection()
            .AddDbContext<TemporalDb>(o => store.UseProvider(o, v =>
            {
                if (prepare is { } value)
                {
                    v.PrepareTemporalQueries(value);
                }
            }))
            .AddVersioning()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();
        await store.EnsureTablesAsync(db);
        var title = $"prepared-{Guid.NewGuid():N}";
        db.Add(new Document { Title = title, Content = "v1" });
        await db.SaveChangesAsync();

        await db.Database.OpenConnectionAsync();
        try
        {
            // Prepared statements live with the pooled physical connection: start from none, whatever ran on it before.
            ((NpgsqlConnection)db.Database.GetDbConnection()).UnprepareAll();

            var now = DateTime.UtcNow;
            (await db.Documents.TemporalAsOf(now).CountAsync(d => d.Title == title)).Should().Be(1);
            (await db.Documents.TemporalAsOf(now.AddSeconds(1)).CountAsync(d => d.Title == title)).Should().Be(1);
            (await db.Documents.CountAsync(d => d.Title == title)).Should().Be(1);

            var temporal = await db.Database
                .SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%UNION ALL%'")
                .SingleAsync();
            var plain = await db.Database
                .SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM pg_prepared_statements WHERE statement NOT LIKE '%UNION ALL%'")
                .SingleAsync();
            return [temporal, plain];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
