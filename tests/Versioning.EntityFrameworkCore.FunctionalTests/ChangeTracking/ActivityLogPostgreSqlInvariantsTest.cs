using Microsoft.EntityFrameworkCore;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeTracking;

/// <summary>What PostgreSQL itself enforces and provides for the activity log, proven with raw SQL.</summary>
public sealed class ActivityLogPostgreSqlInvariantsTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>
{
    [Fact]
    public async Task The_log_rejects_a_row_without_action_entity_type_or_entity_id()
    {
        await CreateTablesAsync();

        foreach (var column in new[] { "Action", "EntityType", "EntityId" })
        {
            var columns = new[] { "Action", "EntityType", "EntityId" }.Where(c => c != column).ToList();
            var act = () => store.ExecuteAsync(
                $"INSERT INTO \"ActivityLogs\" (\"Id\", \"Timestamp\", {string.Join(", ", columns.Select(c => $"\"{c}\""))}) "
                + $"VALUES ('{Guid.CreateVersion7()}', now(), 'x', 'y')");

            (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.NotNullViolation);
        }
    }

    [Fact]
    public async Task The_log_is_indexed_per_entity_newest_first_and_by_age()
    {
        await CreateTablesAsync();

        var indexes = await store.ScalarAsync(
            "SELECT string_agg(indexdef, ' | ' ORDER BY indexdef) FROM pg_indexes WHERE tablename = 'ActivityLogs'");

        indexes.Should().BeOfType<string>().Which.Should()
            .Contain("(\"EntityType\", \"EntityId\", \"Timestamp\")").And.Contain("(\"Timestamp\")");
    }

    private async Task CreateTablesAsync()
    {
        await using var db = new ActivityDb(
            (DbContextOptions<ActivityDb>)store.UseProvider(new DbContextOptionsBuilder<ActivityDb>()).Options);
        await store.EnsureTablesAsync(db);
    }
}
