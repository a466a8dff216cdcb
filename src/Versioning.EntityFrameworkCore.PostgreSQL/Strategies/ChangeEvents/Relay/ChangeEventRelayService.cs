using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ChangeEvents.Relay;

/// <summary>
/// The hosted service of <c>AddVersioningOutboxRelay</c>: runs rounds of <see cref="ChangeEventRelay{TContext}"/> while
/// they find events, then waits for a notification of the outbox's channel (<see cref="ChangeEventsNotification"/>) or
/// the poll interval, whichever comes first; purges delivered events on its own interval. A failing round (the
/// database is down) is logged and retried after the poll interval; a lost listening connection is opened again.
/// </summary>
internal sealed class ChangeEventRelayService<TContext>(ChangeEventRelay<TContext> relay, ILogger<ChangeEventRelay<TContext>> logger, TimeProvider? time = null)
    : BackgroundService
    where TContext : DbContext
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = relay.Options;
        using var wake = new SemaphoreSlim(0, 1);
        var listening = options.UseNotifications ? ListenAsync(wake, stoppingToken) : Task.CompletedTask;
        var nextPurge = _time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var claimed = 0;
                try
                {
                    claimed = await relay.RelayAsync(stoppingToken);
                    if (_time.GetUtcNow() >= nextPurge)
                    {
                        nextPurge = _time.GetUtcNow() + options.PurgeInterval;
                        await relay.PurgeAsync(stoppingToken);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(exception, "A round of the change event relay failed; the next one starts after the poll interval.");
                }

                if (claimed == 0)
                {
                    await WaitAsync(wake, options.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await listening;
    }

    private static async Task WaitAsync(SemaphoreSlim wake, TimeSpan timeout, CancellationToken stoppingToken)
        => await wake.WaitAsync(timeout, stoppingToken);

    private async Task ListenAsync(SemaphoreSlim wake, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await relay.OpenListenerAsync(stoppingToken);
                connection.Notification += (_, _) => Wake(wake);
                await using (var listen = new NpgsqlCommand("LISTEN " + ChangeEventsNotification.Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Events committed while the connection was being opened: look once.
                Wake(wake);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "The change event relay lost its notification connection; it polls until it listens again.");
                try
                {
                    await Task.Delay(relay.Options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static void Wake(SemaphoreSlim wake)
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: the next round sees every event committed so far.
        }
    }
}
