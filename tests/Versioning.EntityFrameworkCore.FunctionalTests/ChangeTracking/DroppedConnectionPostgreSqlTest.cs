using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeTracking;

/// <summary>
/// A save whose connection dies under it: the tracker must come back as the application left it, and the retry
/// must write the row once, with the retry's stamps. PostgreSQL only: it kills the server process of the connection.
/// </summary>
public sealed class DroppedConnectionPostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>
{
    [Fact]
    public async Task A_save_on_a_dropped_connection_is_undone_and_a_retry_writes_once()
    {
        var options = (DbContextOptions<StampsDb>)store.UseProvider(new DbContextOptionsBuilder<StampsDb>()).Options;
        await using var db = new StampsDb(options);
        await store.EnsureTablesAsync(db);

        await db.Database.OpenConnectionAsync();
        var pid = await db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
        await store.ScalarAsync($"SELECT pg_terminate_backend({pid})");

        var name = $"dropped-{Guid.NewGuid():N}";
        var channel = new SalesChannel { Name = name };
        db.Add(channel);
        using (db.BeginChangeScope(actor: "first-try"))
        {
            var act = () => db.SaveChangesAsync();
            await act.Should().ThrowAsync<Exception>();
        }

        db.Entry(channel).State.Should().Be(EntityState.Added);
        db.Entry(channel).Versioning().CreatedBy.Should().BeNull("the stamps of the failed save were undone");

        await db.Database.CloseConnectionAsync();
        using (db.BeginChangeScope(actor: "retry"))
        {
            await db.SaveChangesAsync();
        }

        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"SalesChannels\" WHERE \"Name\" = '{name}' AND \"CreatedBy\" = 'retry'"))
            .Should().BeEquivalentTo(1L);
    }
}
