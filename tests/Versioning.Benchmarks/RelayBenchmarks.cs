using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Versioning.EntityFrameworkCore;

namespace Versioning.Benchmarks;

/// <summary>
/// The change event relay on this machine (issue 18 targets): throughput of two relay instances sharing one outbox
/// (at least 5,000 events/s) and the delivery latency of new events with <c>LISTEN/NOTIFY</c> at 100 events/s (p99
/// under 50 ms). Run with <c>--interleaved relay N</c> (N events) and <c>--interleaved relay-latency S</c> (S seconds).
/// </summary>
public static class RelayBenchmarks
{
    /// <summary>Writes <paramref name="events"/> events (5 per stream) and times two relays delivering all of them.</summary>
    public static int Throughput(int events)
    {
        var connectionString = BenchmarkDatabase.ConnectionString();
        var handler = new CountingHandler();
        using var first = Services(connectionString, handler, batchSize: 500);
        using var second = Services(connectionString, handler, batchSize: 500);
        Recreate(first);
        WriteEvents(first, streams: events / 5, eventsPerStream: 5);

        var relays = new[] { first, second }.Select(s => s.GetRequiredService<ChangeEventRelay<EventsVariantContext>>()).ToList();
        var watch = Stopwatch.StartNew();
        Task.WaitAll([.. relays.Select(relay => Task.Run(async () =>
        {
            while (await relay.RelayAsync() > 0)
            {
            }
        }))]);
        watch.Stop();

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"relay: {handler.Count} events delivered by two relays in {watch.Elapsed.TotalSeconds:F2} s: {handler.Count / watch.Elapsed.TotalSeconds:F0} events/s"));
        return handler.Count == events / 5 * 5 ? 0 : 1;
    }

    /// <summary>Saves one new entity every 10 ms for <paramref name="seconds"/> seconds and measures commit-to-delivery latency.</summary>
    public static int Latency(int seconds)
    {
        var connectionString = BenchmarkDatabase.ConnectionString();
        var handler = new CountingHandler();
        using var services = Services(connectionString, handler, batchSize: 100, pollInterval: TimeSpan.FromSeconds(30));
        Recreate(services);
        var hosted = services.GetServices<IHostedService>().Single();
        hosted.StartAsync(default).GetAwaiter().GetResult();
        Thread.Sleep(500);

        var committed = new ConcurrentDictionary<string, long>();
        var interval = Stopwatch.Frequency / 100;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; Stopwatch.GetElapsedTime(start).TotalSeconds < seconds; i++)
        {
            var due = start + (i * interval);
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.Sleep(1);
            }

            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<EventsVariantContext>();
            var variant = new BenchVariant { Sku = $"L-{i}", Price = 1m, Stock = 1 };
            db.Variants.Add(variant);
            db.SaveChanges();
            committed[variant.Id.ToString(CultureInfo.InvariantCulture)] = Stopwatch.GetTimestamp();
        }

        Thread.Sleep(1000);
        hosted.StopAsync(default).GetAwaiter().GetResult();
        var latencies = committed
            .Where(c => handler.DeliveredAt.ContainsKey(c.Key))
            .Select(c => Stopwatch.GetElapsedTime(c.Value, handler.DeliveredAt[c.Key]).TotalMilliseconds)
            .Order().ToList();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"relay latency at 100 events/s: {latencies.Count} of {committed.Count} delivered, p50 {Percentile(0.5):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms"));
        return latencies.Count == committed.Count ? 0 : 1;
    }

    private static ServiceProvider Services(string connectionString, CountingHandler handler, int batchSize, TimeSpan? pollInterval = null)
    {
        var services = new ServiceCollection();
        services.AddVersioning(versioning => versioning.UseActorAccessor<BenchActor>());
        services.AddDbContext<EventsVariantContext>(o => o.UseNpgsql(connectionString, npgsql => npgsql.UseVersioning()).UseSnakeCaseNamingConvention());
        services.AddLogging();
        services.AddVersioningOutboxRelay<EventsVariantContext>(o =>
        {
            o.BatchSize = batchSize;
            o.PollInterval = pollInterval ?? o.PollInterval;
        }).AddHandler(_ => handler);
        return services.BuildServiceProvider();
    }

    private static void Recreate(ServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsVariantContext>();
        db.Database.EnsureDeleted();
        db.Database.EnsureCreated();
    }

    private static void WriteEvents(ServiceProvider services, int streams, int eventsPerStream)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsVariantContext>();
        var variants = Enumerable.Range(0, streams).Select(i => new BenchVariant { Sku = $"R-{i}", Price = 1m, Stock = 0 }).ToList();
        db.Variants.AddRange(variants);
        db.SaveChanges();
        for (var round = 1; round < eventsPerStream; round++)
        {
            variants.ForEach(v => v.Stock = round);
            db.SaveChanges();
        }
    }

    private sealed class CountingHandler : IChangeEventHandler
    {
        private int _count;

        public int Count => _count;

        public ConcurrentDictionary<string, long> DeliveredAt { get; } = new();

        public Task HandleAsync(ChangeEvent changeEvent, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            DeliveredAt.TryAdd(changeEvent.StreamId, Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        }
    }
}
