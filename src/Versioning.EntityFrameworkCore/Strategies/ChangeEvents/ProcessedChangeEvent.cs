namespace Versioning.EntityFrameworkCore;

/// <summary>
/// A change event a consumer has processed (table <c>ProcessedChangeEvents</c>), the idempotency key of an
/// <see cref="IChangeEventHandler"/> (the relay delivers at least once). Mapped by <c>modelBuilder.HasProcessedChangeEvents()</c>
/// in the consumer's model; written by <c>db.MarkChangeEventProcessed(...)</c> in the consumer's own transaction.
/// </summary>
public class ProcessedChangeEvent
{
    /// <summary>Creates an empty row.</summary>
    public ProcessedChangeEvent()
    {
    }

    /// <summary>The consumer's name (several consumers may process the same event).</summary>
    public string Consumer { get; set; } = "";

    /// <summary>The processed event's <see cref="ChangeEvent.Id"/>.</summary>
    public Guid EventId { get; set; }

    /// <summary>When the consumer processed it (UTC).</summary>
    public DateTime ProcessedAt { get; set; }
}
