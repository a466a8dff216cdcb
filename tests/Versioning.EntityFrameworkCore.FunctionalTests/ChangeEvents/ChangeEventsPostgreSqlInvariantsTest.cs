using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeEvents;

/// <summary>What PostgreSQL itself enforces and provides for the outbox, proven with raw SQL.</summary>
public sealed class ChangeEventsPostgreSqlInvariantsTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IDisposable
{
    private readonly SpecContexts _contexts = new(store, new FakeTimeProvider(DateTimeOffset.UtcNow), (services, options) => services.AddDbContext<EventsDb>(options));

    public void Dispose() => _contexts.Dispose();

    [Fact]
    public async Task The_outbox_refuses_a_second_event_with_a_version_its_stream_already_has()
    {
        await using var db = await _contexts.OpenAsync<EventsDb>("alice");
        var document = new Document { Title = "doc" };
        db.Add(document);
        await db.SaveChangesAsync();

        var act = () => store.ExecuteAsync(
            $"""
            INSERT INTO "ChangeEvents" ("Id", "StreamType", "StreamId", "StreamVersion", "Kind", "Timestamp", "Status", "Attempts", "NextAttemptAt")
            VALUES ('{Guid.CreateVersion7()}', 'Document', '{document.Id}', 1, 'Forged', now(), 0, 0, now())
            """);

        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
    }

    [Fact]
    public async Task Before_and_after_are_jsonb_that_SQL_can_query()
    {
        await using var db = await _contexts.OpenAsync<EventsDb>("alice");
        var document = new Document { Title = "json", Price = 3.25m };
        db.Add(document);
        await db.SaveChangesAsync();

        var price = await store.ScalarAsync(
            $"""SELECT ("After"->>'Price')::numeric FROM "ChangeEvents" WHERE "StreamType" = 'Document' AND "StreamId" = '{document.Id}'""");

        price.Should().Be(3.25m);
    }

    [Fact]
    public async Task A_committed_save_notifies_the_relays_channel_once_and_a_rolled_back_one_not_at_all()
    {
        await using var listener = (NpgsqlConnection)store.CreateConnection();
        await listener.OpenAsync();
        var notifications = new List<string>();
        listener.Notification += (_, e) => notifications.Add(e.Channel + ":" + e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN versioning_change_events", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await using (var db = await _contexts.OpenAsync<EventsDb>("alice"))
        {
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                db.Add(new Document { Title = "rolled back" });
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            }

            db.ChangeTracker.Clear();
            db.AddRange(Enumerable.Range(0, 20).Select(i => new Document { Title = $"n{i}" }));
            await db.SaveChangesAsync();
        }

        // Notifications arrive asynchronously; wait until one came or a generous time passed.
        for (var i = 0; i < 50 && notifications.Count == 0; i++)
        {
            await listener.WaitAsync(TimeSpan.FromMilliseconds(100));
        }

        await listener.WaitAsync(TimeSpan.FromMilliseconds(200));
        notifications.Should().Equal("versioning_change_events:ChangeEvents");
    }
}
