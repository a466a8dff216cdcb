using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeEvents;

/// <summary>
/// The relay on PostgreSQL (seed 'Vivatour': a queue delivered with a status and retries): order, retries with backoff,
/// dead-lettering, several relays sharing the work for real, notifications and purging, read back from the outbox.
/// </summary>
public sealed class ChangeEventRelayPostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];

    public async Task InitializeAsync()
    {
        await using var services = Services(_ => { });
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDb>();
        await store.EnsureTablesAsync(db);

        // Each test starts from an empty queue: the relay delivers whatever is pending.
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "ChangeEvents" """);
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Pending_events_are_delivered_in_stream_order_and_marked_delivered()
    {
        var handler = new RecordingHandler();
        var services = Services(o => { }, handler);
        var id = await NewDocumentWithUpdatesAsync(services, updates: 3);

        var claimed = await services.GetRequiredService<ChangeEventRelay<EventsDb>>().RelayAsync();

        claimed.Should().Be(4);
        handler.Delivered.Where(e => e.StreamId == id).Select(e => e.StreamVersion).Should().Equal(1, 2, 3, 4);
        var events = await EventsAsync(services, id);
        events.Should().OnlyContain(e => e.Status == ChangeEventStatus.Delivered && e.Attempts == 1 && e.DeliveredAt != null && e.LastError == null);
    }

    [Fact]
    public async Task A_handler_that_fails_twice_gets_the_event_again_after_a_backoff_and_the_stream_waits_for_it()
    {
        // The relay's clock (and the save's) is the test's: the backoff is asserted to the microsecond, never raced.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler { FailuresLeft = 2 };
        var services = Services(o => o.FirstRetryDelay = TimeSpan.FromMilliseconds(200), handler, clock);
        var id = await NewDocumentWithUpdatesAsync(services, updates: 1);
        var relay = services.GetRequiredService<ChangeEventRelay<EventsDb>>();

        await relay.RelayAsync();
        var first = await EventsAsync(services, id);
        first.Select(e => (e.StreamVersion, e.Status, e.Attempts)).Should().Equal((1L, ChangeEventStatus.Pending, 1), (2L, ChangeEventStatus.Pending, 0));
        first[0].LastError.Should().Be("InvalidOperationException: handler failure 1");
        first[0].NextAttemptAt.Should().Be(Microseconds(clock.GetUtcNow().UtcDateTime.AddMilliseconds(200)), "the first retry waits 200 ms");

        clock.Advance(TimeSpan.FromMilliseconds(199));
        (await relay.RelayAsync()).Should().Be(0, "the event waits for its backoff, and the stream's next event waits for it");
        clock.Advance(TimeSpan.FromMilliseconds(101));
        await relay.RelayAsync();
        var second = (await EventsAsync(services, id))[0];
        second.Attempts.Should().Be(2);
        second.NextAttemptAt.Should().Be(Microseconds(clock.GetUtcNow().UtcDateTime.AddMilliseconds(400)), "the second retry waits twice as long");
        clock.Advance(TimeSpan.FromMilliseconds(600));
        await relay.RelayAsync();

        var events = await EventsAsync(services, id);
        events.Select(e => (e.StreamVersion, e.Status, e.Attempts)).Should().Equal((1L, ChangeEventStatus.Delivered, 3), (2L, ChangeEventStatus.Delivered, 1));
        events[0].LastError.Should().BeNull();
        handler.Delivered.Select(e => e.StreamVersion).Should().Equal(1, 2);
    }

    private static DateTime Microseconds(DateTime time) => new(time.Ticks - time.Ticks % 10, time.Kind);

    [Fact]
    public async Task An_event_is_dead_lettered_after_the_last_attempt_and_no_longer_holds_its_stream_back()
    {
        var handler = new RecordingHandler { FailuresLeft = int.MaxValue, FailOnlyVersion = 1 };
        var services = Services(o => (o.MaxAttempts, o.FirstRetryDelay) = (2, TimeSpan.Zero), handler);
        var id = await NewDocumentWithUpdatesAsync(services, updates: 1);
        var relay = services.GetRequiredService<ChangeEventRelay<EventsDb>>();

        await relay.RelayAsync();
        await relay.RelayAsync();
        await relay.RelayAsync();

        var events = await EventsAsync(services, id);
        events.Select(e => (e.StreamVersion, e.Status, e.Attempts)).Should().Equal((1L, ChangeEventStatus.Failed, 2), (2L, ChangeEventStatus.Delivered, 1));
        await using var scope = services.CreateAsyncScope();
        var counts = await scope.ServiceProvider.GetRequiredService<EventsDb>().GetChangeEventCountsAsync();
        (counts.Pending, counts.Failed).Should().Be((0, 1));

        // Fixed on the handler's side, the dead letter is given back by hand and delivered.
        handler.FailuresLeft = 0;
        (await scope.ServiceProvider.GetRequiredService<EventsDb>().RetryFailedChangeEventsAsync()).Should().Be(1);
        await relay.RelayAsync();
        (await EventsAsync(services, id))[0].Should().Match<ChangeEvent>(e => e.Status == ChangeEventStatus.Delivered && e.Attempts == 1);
    }

    [Fact]
    public async Task Two_relays_running_at_once_deliver_every_event_exactly_once_and_each_stream_in_order()
    {
        var handler = new RecordingHandler { Delay = TimeSpan.FromMilliseconds(1) };
        var services = Services(o => o.BatchSize = 20, handler);
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await NewDocumentWithUpdatesAsync(services, updates: 4));
        }

        // Two relays of their own (as two processes would have), racing over the same queue until it is empty.
        var second = Services(o => o.BatchSize = 20, handler);
        var relays = new[] { services, second }.Select(s => s.GetRequiredService<ChangeEventRelay<EventsDb>>()).ToList();
        var rounds = new ConcurrentBag<int>();
        await Task.WhenAll(relays.Select((relay, index) => Task.Run(async () =>
        {
            while (await relay.RelayAsync() > 0)
            {
                rounds.Add(index);
            }
        })));

        handler.Delivered.Should().HaveCount(150).And.OnlyHaveUniqueItems(e => e.Id);
        foreach (var id in ids)
        {
            handler.Delivered.Where(e => e.StreamId == id).Select(e => e.StreamVersion).Should().Equal(1, 2, 3, 4, 5);
        }

        rounds.Distinct().Should().HaveCount(2, "both relays delivered part of the work");
        (await EventsAsync(services, ids[0])).Should().OnlyContain(e => e.Status == ChangeEventStatus.Delivered && e.Attempts == 1);
    }

    [Fact]
    public async Task The_hosted_relay_is_woken_by_the_notification_of_a_commit_long_before_its_poll_interval()
    {
        var handler = new RecordingHandler();
        var services = Services(o => o.PollInterval = TimeSpan.FromMinutes(5), handler);
        var hosted = services.GetServices<IHostedService>().Should().ContainSingle().Subject;
        await hosted.StartAsync(default);
        try
        {
            await Task.Delay(500);
            var watch = Stopwatch.StartNew();
            var id = await NewDocumentWithUpdatesAsync(services, updates: 0);
            while (!handler.Delivered.Any(e => e.StreamId == id) && watch.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(10);
            }

            handler.Delivered.Should().Contain(e => e.StreamId == id);
            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await hosted.StopAsync(default);
        }
    }

    [Fact]
    public async Task Purging_deletes_delivered_events_past_the_retention_in_batches_and_keeps_the_others()
    {
        var handler = new RecordingHandler();
        var services = Services(o => (o.Retention, o.PurgeBatchSize) = (TimeSpan.Zero, 2), handler);
        var delivered = await NewDocumentWithUpdatesAsync(services, updates: 4);
        var relay = services.GetRequiredService<ChangeEventRelay<EventsDb>>();
        await relay.RelayAsync();
        var pending = await NewDocumentWithUpdatesAsync(services, updates: 1);
        await Task.Delay(10);

        (await relay.PurgeAsync()).Should().Be(5);

        (await EventsAsync(services, delivered)).Should().BeEmpty();
        (await EventsAsync(services, pending)).Should().HaveCount(2).And.OnlyContain(e => e.Status == ChangeEventStatus.Pending);
    }

    [Fact]
    public async Task A_handler_that_saves_changes_in_a_scope_caused_by_the_event_writes_events_that_name_it()
    {
        var services = Services(o => { });
        var chained = new ChainingHandler(services);
        var relayServices = Services(o => { }, chained);
        var id = await NewDocumentWithUpdatesAsync(relayServices, updates: 0);

        await relayServices.GetRequiredService<ChangeEventRelay<EventsDb>>().RelayAsync();

        var events = await EventsAsync(services, id);
        var caused = events.Should().ContainSingle(e => e.Kind == "Acknowledged").Subject;
        (caused.CausationId, caused.CorrelationId).Should().Be((events[0].Id.ToString(), events[0].CorrelationId));
    }

    [Fact]
    public async Task The_relay_works_with_a_pooled_context_factory_alone()
    {
        var handler = new RecordingHandler();
        var services = ActorServices.Build(s => s
            .AddPooledDbContextFactory<EventsDb>(o => store.UseProvider(o))
            .AddLogging()
            .AddVersioningOutboxRelay<EventsDb>().AddHandler(_ => handler));
        _providers.Add(services);
        string id;
        await using (var scope = services.CreateScope("alice"))
        await using (var db = (await services.GetRequiredService<IDbContextFactory<EventsDb>>().CreateDbContextAsync()).UseVersioningServices(scope.ServiceProvider))
        {
            var document = new Document { Title = "pooled" };
            db.Add(document);
            await db.SaveChangesAsync();
            id = document.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await services.GetRequiredService<ChangeEventRelay<EventsDb>>().RelayAsync();

        handler.Delivered.Should().ContainSingle(e => e.StreamId == id);
    }

    private ServiceProvider Services(Action<ChangeEventRelayOptions> configure, IChangeEventHandler? handler = null, TimeProvider? clock = null)
    {
        var services = ActorServices.Build(s =>
        {
            if (clock != null)
            {
                s.AddSingleton(clock);
            }

            var relay = s.AddDbContext<EventsDb>(o => store.UseProvider(o)).AddLogging().AddVersioningOutboxRelay<EventsDb>(configure);
            if (handler != null)
            {
                relay.AddHandler(_ => handler);
            }
        });
        _providers.Add(services);
        return services;
    }

    private static async Task<string> NewDocumentWithUpdatesAsync(ServiceProvider services, int updates)
    {
        await using var scope = services.CreateScope("alice");
        var db = scope.ServiceProvider.GetRequiredService<EventsDb>();
        var document = new Document { Title = "doc", Price = 1m };
        db.Add(document);
        await db.SaveChangesAsync();
        for (var i = 0; i < updates; i++)
        {
            document.Price += 1m;
            await db.SaveChangesAsync();
        }

        return document.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<ChangeEvent>> EventsAsync(ServiceProvider services, string id)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventsDb>().ChangeEvents()
            .Where(e => e.StreamType == "Document" && e.StreamId == id).OrderBy(e => e.StreamVersion).ToListAsync();
    }

    private sealed class RecordingHandler : IChangeEventHandler
    {
        private int _failures;

        public ConcurrentQueue<ChangeEvent> Delivered { get; } = new();

        public int FailuresLeft { get; set; }

        public long? FailOnlyVersion { get; set; }

        public TimeSpan Delay { get; set; }

        public async Task HandleAsync(ChangeEvent changeEvent, CancellationToken cancellationToken)
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            if (FailuresLeft > 0 && (FailOnlyVersion == null || FailOnlyVersion == changeEvent.StreamVersion))
            {
                FailuresLeft--;
                throw new InvalidOperationException($"handler failure {++_failures}");
            }

            Delivered.Enqueue(changeEvent);
        }
    }

    /// <summary>Handles a document's creation by raising an event on it, in a change scope caused by the creation.</summary>
    private sealed class ChainingHandler(ServiceProvider services) : IChangeEventHandler
    {
        public async Task HandleAsync(ChangeEvent changeEvent, CancellationToken cancellationToken)
        {
            if (changeEvent.Kind != ChangeEventKinds.Created)
            {
                return;
            }

            await using var scope = services.CreateScope("relay");
            var db = scope.ServiceProvider.GetRequiredService<EventsDb>();
            var document = await db.Documents.SingleAsync(d => d.Id == int.Parse(changeEvent.StreamId, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            using (db.BeginChangeScopeCausedBy(changeEvent))
            {
                db.RaiseChangeEvent(document, "Acknowledged");
                await db.SaveChangesAsync(cancellationToken);
            }
        }
    }
}
