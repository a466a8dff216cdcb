namespace Versioning.EntityFrameworkCore;

/// <summary>
/// One row of the central activity log (table <c>ActivityLogs</c>, <c>activity_logs</c> under snake_case naming).
/// Versioning maps this type into the application's model as soon as one entity type keeps an activity log, so
/// migrations and <c>EnsureCreated</c> create the table. Query it with <c>db.ActivityLog()</c>.
/// </summary>
public class ActivityLogEntry
{
    /// <summary>Creates an empty row; Versioning fills in every column when it logs a change.</summary>
    public ActivityLogEntry()
    {
    }

    /// <summary>What is written instead of the old and new values of a redacted property.</summary>
    public const string RedactedMask = "***";

    /// <summary>
    /// The row's key: a version 7 (time-ordered) GUID Versioning assigns when it writes the row. Assigned by the
    /// application rather than the database so that log rows need no round trip back and a failed save that is
    /// retried cannot collide with keys the database handed out and rolled back.
    /// </summary>
    public Guid Id { get; set; }

    /// <summary>When the change was saved (UTC; the one timestamp of its SaveChanges).</summary>
    public DateTime Timestamp { get; set; }

    /// <summary><c>CREATE</c>, <c>UPDATE</c>, <c>DELETE</c>, the action a tracked property names, or a manual activity.</summary>
    public string Action { get; set; } = "";

    /// <summary>Who made the change, or <see langword="null"/> when no actor was known.</summary>
    public string? ActorId { get; set; }

    /// <summary>The logged entity type: the short name of the root of its hierarchy (for example <c>ProductVariant</c>).</summary>
    public string EntityType { get; set; } = "";

    /// <summary>
    /// The key of the logged entity as invariant text. A composite key is written as its parts in key order, separated
    /// by <c>,</c>, with <c>,</c> and <c>\</c> inside a part escaped by <c>\</c> (for example <c>7,EU</c>).
    /// </summary>
    public string EntityId { get; set; } = "";

    /// <summary>The changed property of an update row; <see langword="null"/> on CREATE, DELETE and manual rows.</summary>
    public string? ChangedField { get; set; }

    /// <summary>The value before the change, as invariant text (or the redaction mask).</summary>
    public string? OldValue { get; set; }

    /// <summary>The value after the change, as invariant text (or the redaction mask).</summary>
    public string? NewValue { get; set; }

    /// <summary>The change scope's reason, or the text given to <c>LogActivity</c>.</summary>
    public string? Details { get; set; }

    /// <summary>Shared by every row of one SaveChanges (the change scope's correlation id when it sets one).</summary>
    public string? CorrelationId { get; set; }

    /// <summary>
    /// The change scope's metadata (<c>BeginChangeScope(metadata: …)</c>) as a JSON object (<c>jsonb</c> on PostgreSQL), or
    /// <see langword="null"/> when the scope has none.
    /// </summary>
    public string? Metadata { get; set; }

    /// <summary>
    /// The tenant of the change: the tenant of the multi-tenant row it changed (also for a change made under a tenant
    /// bypass), else the save's or bulk statement's (its tenant scope, else the application's <see cref="ITenantAccessor"/>),
    /// or <see langword="null"/> without one.
    /// </summary>
    public string? TenantId { get; set; }
}
