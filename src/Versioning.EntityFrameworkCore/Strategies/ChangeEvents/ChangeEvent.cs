namespace Versioning.EntityFrameworkCore;

/// <summary>
/// One change event of the outbox (table <c>ChangeEvents</c>, <c>change_events</c> under snake_case naming): what one
/// save did to one entity, or a custom event raised with <c>RaiseChangeEvent</c>. Versioning maps this type into the
/// application's model as soon as one entity type writes change events, so migrations and <c>EnsureCreated</c> create
/// the table. Query it with <c>db.ChangeEvents()</c>; the relay (PostgreSQL) delivers it and keeps its status.
/// </summary>
public class ChangeEvent
{
    /// <summary>Creates an empty event; Versioning fills in every column when it writes one.</summary>
    public ChangeEvent()
    {
    }

    /// <summary>The event's id: a version 7 (time-ordered) UUID of the save's time, assigned by Versioning.</summary>
    public Guid Id { get; set; }

    /// <summary>The stream's type: the short name of the root of the entity's hierarchy (for example <c>Order</c>).</summary>
    public string StreamType { get; set; } = "";

    /// <summary>
    /// The stream's id: the entity's key as invariant text (a composite key's parts joined by <c>,</c>, with <c>,</c> and
    /// <c>\</c> inside a part escaped by <c>\</c>).
    /// </summary>
    public string StreamId { get; set; } = "";

    /// <summary>
    /// The event's version in its stream: 1 for the entity's creation, then one more per event, without gaps. It is the
    /// entity's <c>StreamVersion</c> after the event, and the database refuses a second event with the same version.
    /// </summary>
    public long StreamVersion { get; set; }

    /// <summary>What happened: one of <see cref="ChangeEventKinds"/>, or the name of a custom event.</summary>
    public string Kind { get; set; } = "";

    /// <summary>
    /// The values before the change as a JSON object (<c>jsonb</c> on PostgreSQL), keyed by property name (a complex
    /// property's members by their path, <c>Address.City</c>): the changed properties of an update, every property of a
    /// deleted entity; <see langword="null"/> for a creation, a restore and a custom event. Redacted properties hold the mask.
    /// </summary>
    public string? Before { get; set; }

    /// <summary>
    /// The values after the change as a JSON object: every property of a created or restored entity, the changed
    /// properties of an update, the data of a custom event; <see langword="null"/> for a delete.
    /// </summary>
    public string? After { get; set; }

    /// <summary>When the change was saved (UTC; the one timestamp of its SaveChanges).</summary>
    public DateTime Timestamp { get; set; }

    /// <summary>Who made the change, or <see langword="null"/> when no actor was known.</summary>
    public string? ActorId { get; set; }

    /// <summary>
    /// The tenant of the change: the multi-tenant entity's own (also for a change made under a tenant bypass), else the
    /// save's; or <see langword="null"/>.
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>Shared by every event of one SaveChanges (the change scope's correlation id when it sets one).</summary>
    public string? CorrelationId { get; set; }

    /// <summary>
    /// The id of what caused the change (the change scope's causation id: for example the event a handler was processing,
    /// <c>BeginChangeScopeCausedBy(event)</c>), or <see langword="null"/>.
    /// </summary>
    public string? CausationId { get; set; }

    /// <summary>Where the event is in its delivery by the relay.</summary>
    public ChangeEventStatus Status { get; set; }

    /// <summary>How many times the relay tried to deliver the event.</summary>
    public int Attempts { get; set; }

    /// <summary>When the relay tries (again) to deliver a pending event: the save's time at first, then later after each failure.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>The error of the last failed delivery, or <see langword="null"/>.</summary>
    public string? LastError { get; set; }

    /// <summary>When the relay delivered the event, or <see langword="null"/>.</summary>
    public DateTime? DeliveredAt { get; set; }
}
