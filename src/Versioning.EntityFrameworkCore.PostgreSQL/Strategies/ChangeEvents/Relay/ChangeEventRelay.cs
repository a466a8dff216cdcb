using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ChangeEvents.Relay;

namespace Versioning.EntityFrameworkCore;

/// <summary>
/// Delivers the pending change events of <typeparamref name="TContext"/>'s outbox to the registered
/// <see cref="IChangeEventHandler"/>s, one round at a time: in one transaction it claims the due heads of streams
/// (<c>FOR UPDATE SKIP LOCKED</c>, so relays in several processes or on several machines share the work) and the next
/// due events of those streams, delivers each stream's events in version order, marks them delivered, or, when a handler
/// threw, stops that stream for this round and schedules its event again after an exponential backoff, dead-lettering it
/// after <see cref="ChangeEventRelayOptions.MaxAttempts"/> attempts. The hosted service <c>AddVersioningOutboxRelay</c>
/// registers runs rounds as events come (<c>LISTEN/NOTIFY</c>) and on a poll interval; tests and jobs may call it directly.
/// </summary>
/// <typeparam name="TContext">The context whose model maps the outbox.</typeparam>
public sealed class ChangeEventRelay<TContext>
    where TContext : DbContext
{
    private const int MaxErrorLength = 2000;

    private readonly IServiceScopeFactory _scopes;
    private readonly ChangeEventRelayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the relay; resolve it from DI after <c>AddVersioningOutboxRelay&lt;TContext&gt;()</c>.</summary>
    /// <param name="scopes">Creates the DI scope of each round (its context and handlers).</param>
    /// <param name="options">The relay's options.</param>
    /// <param name="logger">Where failed deliveries and rounds are logged.</param>
    /// <param name="time">The clock (the application's, so that it agrees with the events' times); the system clock when absent.</param>
    public ChangeEventRelay(
        IServiceScopeFactory scopes, IOptions<ChangeEventRelayOptions> options, ILogger<ChangeEventRelay<TContext>> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _scopes = scopes;
        _options = options.Value;
        _options.Validate();
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Runs one round: claims, delivers and records up to <see cref="ChangeEventRelayOptions.BatchSize"/> events.</summary>
    /// <param name="cancellationToken">Cancels the round; what it claimed stays pending.</param>
    /// <returns>How many events the round claimed (delivered or failed).</returns>
    public Task<int> RelayAsync(CancellationToken cancellationToken = default)
        => InScopeAsync(
            (db, services) => db.Database.CreateExecutionStrategy().ExecuteAsync(
                (Db: db, Handlers: services.GetServices<IChangeEventHandler>().ToList()),
                (_, state, ct) => RoundAsync(state.Db, state.Handlers, ct),
                verifySucceeded: null,
                cancellationToken),
            cancellationToken);

    /// <summary>
    /// Deletes the events delivered more than <see cref="ChangeEventRelayOptions.Retention"/> ago, in batches of
    /// <see cref="ChangeEventRelayOptions.PurgeBatchSize"/>, each its own statement.
    /// </summary>
    /// <param name="cancellationToken">Cancels between and during batches.</param>
    /// <returns>How many events were deleted.</returns>
    public Task<int> PurgeAsync(CancellationToken cancellationToken = default)
        => InScopeAsync(
            async (db, _) =>
            {
                var sql = ChangeEventRelaySql.For(db);
                var cutoff = _time.GetUtcNow().UtcDateTime - _options.Retention;
                int deleted, total = 0;
                do
                {
                    deleted = await db.Database.ExecuteSqlRawAsync(
                        sql.Purge,
                        [new NpgsqlParameter("cutoff", cutoff), new NpgsqlParameter("limit", _options.PurgeBatchSize)],
                        cancellationToken);
                    total += deleted;
                }
                while (deleted == _options.PurgeBatchSize);

                return total;
            },
            cancellationToken);

    /// <summary>A connection to listen on, with the security information of the context's own.</summary>
    internal Task<NpgsqlConnection> OpenListenerAsync(CancellationToken cancellationToken)
        => InScopeAsync(
            async (db, _) =>
            {
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                var listener = connection.CloneWith(connection.ConnectionString);
                await listener.OpenAsync(cancellationToken);
                return listener;
            },
            cancellationToken);

    internal ChangeEventRelayOptions Options => _options;

    /// <summary>
    /// Runs <paramref name="work"/> in a DI scope of its own, with the scope's context (a context factory's, disposed
    /// after, when the application registered only a factory).
    /// </summary>
    private async Task<T> InScopeAsync<T>(Func<TContext, IServiceProvider, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (services.GetService<TContext>() is { } db)
        {
            return await work(db, services);
        }

        await using var created = await services.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContextAsync(cancellationToken);
        return await work(created, services);
    }

    private async Task<int> RoundAsync(TContext db, List<IChangeEventHandler> handlers, CancellationToken cancellationToken)
    {
        var sql = ChangeEventRelaySql.For(db);
        var now = _time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var heads = await db.Set<ChangeEvent>()
            .FromSqlRaw(sql.ClaimHeads, new NpgsqlParameter("now", now), new NpgsqlParameter("limit", _options.BatchSize))
            .IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        if (heads.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        var followers = heads.Count >= _options.BatchSize
            ? []
            : await db.Set<ChangeEvent>()
                .FromSqlRaw(
                    sql.ClaimFollowers,
                    new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = heads.Select(e => e.StreamType).ToArray() },
                    new NpgsqlParameter("streams", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = heads.Select(e => e.StreamId).ToArray() },
                    new NpgsqlParameter("now", now),
                    new NpgsqlParameter("heads", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = heads.Select(e => e.Id).ToArray() },
                    new NpgsqlParameter("limit", _options.BatchSize - heads.Count))
                .IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);

        var delivered = new List<Guid>();
        var failed = new List<(ChangeEvent Event, string Error)>();
        foreach (var stream in Streams(heads, followers))
        {
            foreach (var changeEvent in stream)
            {
                if (await DeliverAsync(changeEvent, handlers, cancellationToken) is { } error)
                {
                    failed.Add((changeEvent, error));
                    break;
                }

                delivered.Add(changeEvent.Id);
            }
        }

        if (delivered.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync(
                sql.MarkDelivered,
                [new NpgsqlParameter("now", now), new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = delivered.ToArray() }],
                cancellationToken);
        }

        if (failed.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync(
                sql.MarkFailed,
                [
                    new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = failed.Select(f => f.Event.Id).ToArray() },
                    new NpgsqlParameter("statuses", NpgsqlDbType.Array | NpgsqlDbType.Integer)
                    {
                        Value = failed.Select(f => (int)(f.Event.Attempts + 1 >= _options.MaxAttempts ? ChangeEventStatus.Failed : ChangeEventStatus.Pending)).ToArray(),
                    },
                    new NpgsqlParameter("nexts", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
                    {
                        Value = failed.Select(f => now + _options.RetryDelay(f.Event.Attempts + 1)).ToArray(),
                    },
                    new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = failed.Select(f => f.Error).ToArray() },
                ],
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return heads.Count + followers.Count;
    }

    /// <summary>Each claimed stream's events in version order: its head, then its consecutive followers.</summary>
    private static IEnumerable<List<ChangeEvent>> Streams(List<ChangeEvent> heads, List<ChangeEvent> followers)
    {
        var byStream = followers.ToLookup(e => (e.StreamType, e.StreamId));
        foreach (var head in heads)
        {
            var stream = new List<ChangeEvent> { head };
            foreach (var follower in byStream[(head.StreamType, head.StreamId)].OrderBy(e => e.StreamVersion))
            {
                // A gap (an event not due yet) ends what this round may deliver of the stream.
                if (follower.StreamVersion != stream[^1].StreamVersion + 1)
                {
                    break;
                }

                stream.Add(follower);
            }

            yield return stream;
        }
    }

    /// <summary>Delivers one event to every handler; returns the error when one threw.</summary>
    private async Task<string?> DeliverAsync(ChangeEvent changeEvent, List<IChangeEventHandler> handlers, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var handler in handlers)
            {
                await handler.HandleAsync(changeEvent, cancellationToken);
            }

            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(
                exception, "Delivering change event {EventId} ({StreamType} {StreamId} version {StreamVersion}) failed (attempt {Attempt}).",
                changeEvent.Id, changeEvent.StreamType, changeEvent.StreamId, changeEvent.StreamVersion, changeEvent.Attempts + 1);
            var error = exception.GetType().Name + ": " + exception.Message;
            return error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        }
    }
}
