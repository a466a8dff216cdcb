namespace Versioning.EntityFrameworkCore;

/// <summary>
/// Receives the change events the relay delivers (PostgreSQL: <c>services.AddVersioningOutboxRelay&lt;TContext&gt;()
/// .AddHandler&lt;THandler&gt;()</c>). Delivery is at least once, in stream order: an event whose delivery failed (any
/// handler threw) is delivered again, to every handler, after a backoff, so a handler must be idempotent — key what it
/// does by <see cref="ChangeEvent.Id"/> (<c>db.MarkChangeEventProcessed(...)</c> records that in the handler's own
/// transaction). Handlers are resolved from a DI scope of their own per batch of events.
/// </summary>
public interface IChangeEventHandler
{
    /// <summary>Handles one event; throw to have it delivered again later.</summary>
    /// <param name="changeEvent">The event.</param>
    /// <param name="cancellationToken">Cancelled when the relay stops.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task HandleAsync(ChangeEvent changeEvent, CancellationToken cancellationToken);
}
