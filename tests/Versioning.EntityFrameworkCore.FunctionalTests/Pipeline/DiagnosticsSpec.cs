using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.Diagnostics;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Pipeline;

/// <summary>
/// Versioning logs its decisions with event ids in its own category, and counts what it writes and purges through its
/// meter and activity source (<see cref="VersioningEventId"/>, <see cref="VersioningTelemetry"/>). Written once, run on
/// every provider.
/// </summary>
public abstract class DiagnosticsSpec : IDisposable
{
    private readonly TestStore _store;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly SpecContexts _contexts;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentBag<(string Instrument, double Value, string? Table)> _measurements = [];
    private readonly ActivityListener _activities;
    private readonly ConcurrentBag<Activity> _started = [];

    protected DiagnosticsSpec(TestStore store)
    {
        _store = store;
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _contexts = new SpecContexts(store, _clock, (services, options) => services.AddDbContext<ItemsDb>(o =>
        {
            options(o);
            o.UseLoggerFactory(_loggerFactory);
        }));
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == VersioningTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, value, tags, _) => _measurements.Add((i.Name, value, TableOf(tags))));
        _meters.SetMeasurementEventCallback<double>((i, value, tags, _) => _measurements.Add((i.Name, value, TableOf(tags))));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == VersioningTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _started.Add,
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public void Dispose()
    {
        _contexts.Dispose();
        _meters.Dispose();
        _activities.Dispose();
        _loggerFactory.Dispose();
    }

    [Fact]
    public async Task A_save_without_an_actor_is_logged()
    {
        await using var db = await _contexts.OpenAsync<ItemsDb>(actor: null);
        db.Add(new TemporalItem { Name = "no actor" });

        await db.SaveChangesAsync();

        _logs.Events.Should().Contain(e => e.Category == VersioningEventId.LoggerCategory && e.Id == VersioningEventId.SaveWithoutActor.Id
            && e.Level == LogLevel.Information && e.Message.Contains(nameof(ItemsDb)));
    }

    [Fact]
    public async Task A_save_counts_its_history_rows_records_its_overhead_and_starts_an_activity()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await _contexts.OpenAsync<ItemsDb>("ann");
        var items = Enumerable.Range(0, 10).Select(i => new TemporalItem { Name = $"{tag}-{i}" }).ToList();
        db.AddRange(items);
        await db.SaveChangesAsync();
        var historyTable = db.Model.GetEntityTypes().Single(e => e.Name.EndsWith("$TemporalHistory", StringComparison.Ordinal)).GetTableName();
        var before = _measurements.Where(m => m.Instrument == VersioningTelemetry.RowsWritten && m.Table == historyTable).Sum(m => m.Value);
        items.ForEach(i => i.Name += "!");
        _clock.Advance(TimeSpan.FromSeconds(1));

        await db.SaveChangesAsync();

        _measurements.Where(m => m.Instrument == VersioningTelemetry.RowsWritten && m.Table == historyTable).Sum(m => m.Value)
            .Should().Be(before + 10, "one history row per updated item");
        _measurements.Should().Contain(m => m.Instrument == VersioningTelemetry.SaveOverhead && m.Value >= 0);
        _started.Should().Contain(a => a.OperationName == VersioningTelemetry.SaveActivityName
            && (string?)a.GetTagItem(VersioningTelemetry.ContextTag) == nameof(ItemsDb));
        if (_store is PostgresTestStore)
        {
            _logs.Events.Should().Contain(e => e.Id == VersioningEventId.SetBasedWriteChosen.Id && e.Level == LogLevel.Debug);
        }
    }

    [Fact]
    public async Task A_refused_bulk_statement_is_logged()
    {
        await using var db = await _contexts.OpenAsync<ItemsDb>("ann");

        // Refused on every provider: temporal history maintains the version.
        var update = () => db.Set<TemporalItem>().ExecuteUpdateAsync(s => s.SetProperty(i => EF.Property<int>(i, "Version"), 3));

        await update.Should().ThrowAsync<InvalidOperationException>();
        _logs.Events.Should().Contain(e => e.Id == VersioningEventId.BulkStatementRefused.Id && e.Message.Contains("ExecuteUpdate"));
    }

    [Fact]
    public async Task A_purge_is_logged_and_counted()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await _contexts.OpenAsync<ItemsDb>("ann");
        db.AddRange(new RetainedItem { Name = tag }, new RetainedItem { Name = tag });
        await db.SaveChangesAsync();
        db.RemoveRange(await db.Set<RetainedItem>().Where(i => i.Name == tag).ToListAsync());
        await db.SaveChangesAsync();
        _clock.Advance(TimeSpan.FromDays(2));
        var table = db.Model.FindEntityType(typeof(RetainedItem))!.GetTableName();

        var purged = await db.PurgeAsync<RetainedItem>();

        purged.Should().BeGreaterThanOrEqualTo(2);
        _logs.Events.Should().Contain(e => e.Id == VersioningEventId.RowsPurged.Id && e.Message.Contains(nameof(RetainedItem)));
        _measurements.Where(m => m.Instrument == VersioningTelemetry.RowsPurged && m.Table == table).Sum(m => m.Value).Should().BeGreaterThanOrEqualTo(2);
    }

    private static string? TableOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == VersioningTelemetry.TableTag)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    public sealed class TemporalItem
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class RetainedItem
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class ItemsDb(DbContextOptions<ItemsDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TemporalItem>().HasTemporalHistory();
            modelBuilder.Entity<RetainedItem>().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(1)));
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, int Id, LogLevel Level, string Message)> Events { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
                => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => provider.Events.Enqueue((category, eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}

// Meters and activity listeners see the whole process: the two providers' runs, which count rows of tables of the same
// names, must not overlap.
[CollectionDefinition(nameof(DiagnosticsSpec))]
public sealed class DiagnosticsCollection;

[Collection(nameof(DiagnosticsSpec))]
public sealed class DiagnosticsSqliteTest(SqliteTestStore store) : DiagnosticsSpec(store), IClassFixture<SqliteTestStore>;

[Collection(nameof(DiagnosticsSpec))]
public sealed class DiagnosticsPostgreSqlTest(PostgresTestStore store) : DiagnosticsSpec(store), IClassFixture<PostgresTestStore>;
