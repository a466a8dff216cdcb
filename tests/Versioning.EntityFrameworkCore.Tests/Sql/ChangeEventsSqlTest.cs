using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Versioning.EntityFrameworkCore.Pipeline.Rows;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ChangeEvents;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ChangeEvents.Relay;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

namespace Versioning.EntityFrameworkCore.Tests.Sql;

/// <summary>
/// The statements of change events built by hand, asserted verbatim: the relay's (under snake_case naming, so the
/// names come from the model), the notification trigger, and the insert of events a last batch writes.
/// </summary>
public class ChangeEventsSqlTest
{
    [Fact]
    public void The_relay_claims_stream_heads_then_their_followers_skipping_locked_rows()
    {
        using var db = SnakeCase();
        var sql = ChangeEventRelaySql.For(db);

        sql.ClaimHeads.Should().Be(
            """
            SELECT e.* FROM app.change_events AS e
            WHERE e.status = 0 AND e.next_attempt_at <= @now AND NOT EXISTS (
                SELECT 1 FROM app.change_events AS p
                WHERE p.stream_type = e.stream_type AND p.stream_id = e.stream_id AND p.stream_version < e.stream_version AND p.status = 0)
            ORDER BY e.next_attempt_at, e.id
            LIMIT @limit
            FOR UPDATE OF e SKIP LOCKED
            """);
        sql.ClaimFollowers.Should().Be(
            """
            SELECT e.* FROM app.change_events AS e
            WHERE (e.stream_type, e.stream_id) IN (SELECT * FROM unnest(@types, @streams)) AND e.status = 0 AND e.next_attempt_at <= @now
                AND NOT e.id = ANY(@heads)
            ORDER BY e.stream_type, e.stream_id, e.stream_version
            LIMIT @limit
            FOR UPDATE OF e SKIP LOCKED
            """);
    }

    [Fact]
    public void The_relay_records_deliveries_and_failures_set_based_and_purges_in_batches()
    {
        using var db = SnakeCase();
        var sql = ChangeEventRelaySql.For(db);

        sql.MarkDelivered.Should().Be(
            """
            UPDATE app.change_events SET status = 1, attempts = attempts + 1, delivered_at = @now, last_error = NULL
            WHERE id = ANY(@ids)
            """);
        sql.MarkFailed.Should().Be(
            """
            UPDATE app.change_events AS e SET status = f.status, attempts = e.attempts + 1, next_attempt_at = f.next, last_error = f.error
            FROM unnest(@ids, @statuses, @nexts, @errors) AS f(id, status, next, error)
            WHERE e.id = f.id
            """);
        sql.Purge.Should().Be(
            """
            DELETE FROM app.change_events WHERE id IN (
                SELECT id FROM app.change_events WHERE status = 1 AND delivered_at < @cutoff ORDER BY id LIMIT @limit)
            """);
    }

    [Fact]
    public void The_outbox_notifies_the_relays_channel_after_each_inserting_statement()
    {
        using var db = SnakeCase();
        var helper = db.GetService<ISqlGenerationHelper>();

        string.Join("\n;\n", ChangeEventsNotification.Create("change_events", "app", helper)).Should().Be(
            """
            CREATE OR REPLACE FUNCTION app.versioning_notify_change_events() RETURNS trigger LANGUAGE plpgsql AS $versioning$
            BEGIN
                PERFORM pg_notify('versioning_change_events', TG_TABLE_NAME);
                RETURN NULL;
            END
            $versioning$
            ;
            DROP TRIGGER IF EXISTS versioning_notify ON app.change_events
            ;
            CREATE TRIGGER versioning_notify AFTER INSERT ON app.change_events FOR EACH STATEMENT EXECUTE FUNCTION app.versioning_notify_change_events()
            """);
        ChangeEventsNotification.Drop("change_events", "app", helper).Should().Be(
            """
            DROP FUNCTION IF EXISTS app.versioning_notify_change_events() CASCADE
            """);
    }

    [Fact]
    public void Events_a_last_batch_writes_are_one_insert_from_unnest()
    {
        using var db = SnakeCase();
        var layout = ChangeEventTable.For(db).Layout;
        var row = layout.NewRow();

        var command = new NpgsqlRowInserter().Commands(db, new NpgsqlConnection(), null, layout, [row]).Should().ContainSingle().Subject;

        command.CommandText.Should().Be(
            """
            INSERT INTO app.change_events (id, actor_id, after, before, causation_id, correlation_id, kind, next_attempt_at, stream_id, stream_type, stream_version, tenant_id, timestamp) SELECT * FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12);
            """);
    }

    private static EventsDb SnakeCase()
        => new(new DbContextOptionsBuilder<EventsDb>().UseNpgsql("Host=localhost", n => n.UseVersioning()).UseSnakeCaseNamingConvention().Options);

    private sealed class Order
    {
        public int Id { get; set; }

        public string Customer { get; set; } = "";
    }

    private sealed class EventsDb(DbContextOptions<EventsDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.HasDefaultSchema("app").Entity<Order>().HasChangeEvents();
    }
}
