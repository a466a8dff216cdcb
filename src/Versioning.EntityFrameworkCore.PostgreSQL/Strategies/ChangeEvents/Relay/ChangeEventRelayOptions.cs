namespace Versioning.EntityFrameworkCore;

/// <summary>How the change event relay (<c>AddVersioningOutboxRelay</c>) delivers, retries and purges.</summary>
public sealed class ChangeEventRelayOptions
{
    /// <summary>Creates the options with their defaults.</summary>
    public ChangeEventRelayOptions()
    {
    }

    /// <summary>The most events one round claims and delivers in one transaction. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>After this many failed attempts an event is dead-lettered (<see cref="ChangeEventStatus.Failed"/>). Default 10.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>
    /// How long the relay waits for a notification before it looks again (the fallback when a notification is lost or
    /// notifications are off). Default 1 second.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait after the first failed attempt; it doubles after each further failure. Default 1 second.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts. Default 5 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long delivered events are kept before the relay purges them. Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the relay purges delivered events older than <see cref="Retention"/>. Default 1 hour.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Events deleted per purge statement, so a large purge holds no long lock. Default 10,000.</summary>
    public int PurgeBatchSize { get; set; } = 10_000;

    /// <summary>
    /// Whether the relay listens on PostgreSQL's <c>LISTEN/NOTIFY</c> channel of the outbox to deliver new events at
    /// once (a trigger on the outbox notifies it when a save commits). Default <see langword="true"/>.
    /// </summary>
    public bool UseNotifications { get; set; } = true;

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 after <paramref name="attempt"/> failed ones.</summary>
    internal TimeSpan RetryDelay(int attempt)
    {
        var delay = FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        return delay >= MaxRetryDelay.TotalMilliseconds ? MaxRetryDelay : TimeSpan.FromMilliseconds(delay);
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(PurgeBatchSize, 1, nameof(PurgeBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(FirstRetryDelay, TimeSpan.Zero, nameof(FirstRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, FirstRetryDelay, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(Retention, TimeSpan.Zero, nameof(Retention));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PurgeInterval, TimeSpan.Zero, nameof(PurgeInterval));
    }
}
