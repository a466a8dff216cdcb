using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Temporal;

/// <summary>
/// What PostgreSQL itself enforces for temporal history, proven by trying to break it with raw SQL.
/// </summary>
public sealed class TemporalHistoryPostgreSqlInvariantsTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddDbContext<TemporalDb>(o => store.UseProvider(o))
            .AddVersioning()
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<TemporalDb>());
    }

    public async Task DisposeAsync()
    {
        if (_services != null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Creating_the_tables_installs_btree_gist()
        => (await store.ScalarAsync("SELECT COUNT(*) FROM pg_extension WHERE extname = 'btree_gist'")).Should().BeEquivalentTo(1);

    [Fact]
    public async Task A_history_row_whose_period_overlaps_another_of_the_same_key_is_rejected()
    {
        await InsertHistoryAsync(id: 1001, version: 1, from: "2026-01-01", to: "2026-01-10");
        await InsertHistoryAsync(id: 1001, version: 2, from: "2026-01-10", to: "2026-01-20"); // adjacent: fine
        await InsertHistoryAsync(id: 1002, version: 1, from: "2026-01-05", to: "2026-01-15"); // another key: fine

        var overlapping = () => InsertHistoryAsync(id: 1001, version: 3, from: "2026-01-15", to: "2026-01-25");

        (await overlapping.Should().ThrowAsync<Npgsql.PostgresException>())
            .Which.SqlState.Should().Be("23P01", "exclusion_violation");
    }

    [Fact]
    public async Task A_composite_key_gets_the_constraint_on_every_key_part()
    {
        const string insert = "INSERT INTO \"LayerVersions\" (\"TenantId\", \"Number\", \"LayerType\", \"ValidFrom\", \"Version\", \"ValidTo\") VALUES ";
        await store.ExecuteAsync(insert + "('t9', 1, 'a', '2026-01-01Z', 1, '2026-01-10Z'), ('t9', 2, 'a', '2026-01-05Z', 1, '2026-01-15Z')");

        var overlapping = () => store.ExecuteAsync(insert + "('t9', 1, 'b', '2026-01-05Z', 2, '2026-01-06Z')");

        (await overlapping.Should().ThrowAsync<Npgsql.PostgresException>()).Which.SqlState.Should().Be("23P01");
    }

    [Fact]
    public async Task An_as_of_point_lookup_reads_the_history_through_the_key_and_period_index()
    {
        await using var scope = _services!.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();
        var id = 1;
        var sql = db.Documents.TemporalAsOf(DateTime.UtcNow).Where(d => d.Id == id).ToQueryString();
        var parameterless = sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..]
            .Replace("@p0", "now()", StringComparison.Ordinal).Replace("@id", "1", StringComparison.Ordinal);

        await using var connection = store.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SET enable_seqscan = off; EXPLAIN " + parameterless;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join("\n", plan);
        text.Should().Contain("IX_document_history_Id_ValidFrom_ValidTo").And.NotContain("Seq Scan on document_history");
        text.Should().MatchRegex("Index Cond: .*\"Id\" = 1.*\"ValidFrom\" <= now\\(\\).*\"ValidTo\" > now\\(\\)", "the whole predicate is tested on the index entries");
    }

    private Task<int> InsertHistoryAsync(int id, int version, string from, string to)
        => store.ExecuteAsync(
            "INSERT INTO document_history (\"Id\", \"Title\", \"ValidFrom\", \"Version\", \"ValidTo\", \"CreatedAt\", \"UpdatedAt\") "
            + $"VALUES ({id}, 'raw', '{from}Z', {version}, '{to}Z', '{from}Z', '{from}Z')");
}
