namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Names of the model annotations Versioning reads and writes. Every annotation name used by the library is
/// declared here once.
/// </summary>
public static class VersioningAnnotationNames
{
    /// <summary>The prefix of every Versioning annotation.</summary>
    public const string Prefix = "Versioning:";

    /// <summary>Entity type annotation: <see langword="true"/> when the entity keeps change stamps.</summary>
    public const string ChangeStamps = Prefix + "ChangeStamps";

    /// <summary>Entity type annotation: <see langword="true"/> when the entity is soft-deleted.</summary>
    public const string SoftDelete = Prefix + "SoftDelete";

    /// <summary>Entity type annotation: the <see cref="TimeSpan"/> after which a soft-deleted row may be purged.</summary>
    public const string SoftDeletePurgeAfter = Prefix + "SoftDeletePurgeAfter";

    /// <summary>Entity type annotation: <see langword="true"/> when an update keeps the old row and inserts a new one.</summary>
    public const string SoftDeleteReplaceOnUpdate = Prefix + "SoftDeleteReplaceOnUpdate";

    /// <summary>Entity type annotation: <see langword="true"/> when the entity keeps an activity log.</summary>
    public const string ActivityLog = Prefix + "ActivityLog";

    /// <summary>Property annotation: the action logged when the property changes (instead of <c>UPDATE</c>).</summary>
    public const string ActivityAction = Prefix + "ActivityAction";

    /// <summary>Property annotation: <see langword="true"/> when the property is left out of the activity log.</summary>
    public const string NotVersioned = Prefix + "NotVersioned";

    /// <summary>Property annotation: <see langword="true"/> when a mask is logged instead of the property's values.</summary>
    public const string Redacted = Prefix + "Redacted";

    /// <summary>
    /// Property annotation: <see langword="true"/> on a bookkeeping property a strategy added or adopted (stamps, flags...);
    /// such properties are never logged as changes of the entity.
    /// </summary>
    public const string Bookkeeping = Prefix + "Bookkeeping";

    /// <summary>Model annotation: how long activity log rows are kept (a <see cref="TimeSpan"/>); absent means forever.</summary>
    public const string ActivityLogRetention = Prefix + "ActivityLogRetention";

    /// <summary>Runtime model annotation caching how the activity log table is mapped (table, columns, type mappings).</summary>
    public const string ActivityLogTable = Prefix + "ActivityLogTable";

    /// <summary>Runtime entity type annotation caching how the activity log identifies entities of the type.</summary>
    public const string ActivityLogKey = Prefix + "ActivityLogKey";

    /// <summary>Entity type annotation: <see langword="true"/> when the entity keeps a temporal history.</summary>
    public const string TemporalHistory = Prefix + "TemporalHistory";

    /// <summary>Entity type annotation: the configured name of the temporal history table.</summary>
    public const string TemporalHistoryTable = Prefix + "TemporalHistoryTable";

    /// <summary>Entity type annotation: the configured schema of the temporal history table.</summary>
    public const string TemporalHistorySchema = Prefix + "TemporalHistorySchema";

    /// <summary>
    /// Entity type annotation on a history entity type that Versioning added: the name of the entity type whose
    /// past states it holds.
    /// </summary>
    public const string TemporalHistoryOf = Prefix + "TemporalHistoryOf";
    /// <summary>Entity type annotation: <see langword="true"/> when the entity keeps its revisions in its own table.</summary>
    public const string AuditTrail = Prefix + "AuditTrail";

    /// <summary>
    /// Index annotation (PostgreSQL): <see langword="true"/> to create the unique index as a constraint checked at commit
    /// (<c>DEFERRABLE INITIALLY DEFERRED</c>; an exclusion constraint when the index has a filter).
    /// </summary>
    public const string DeferredConstraint = Prefix + "DeferredConstraint";

    /// <summary>
    /// Runtime model annotation caching, per entity type, the bookkeeping properties the SaveChanges pipeline
    /// writes. Computed once per model on first use.
    /// </summary>
    public const string SavePlan = Prefix + "SavePlan";

    /// <summary>
    /// Runtime annotation of a table's entity type caching the <c>INSERT INTO t (…)</c> header of the rows a provider
    /// writes into it within EF's batch (history and activity log rows).
    /// </summary>
    public const string BatchedInsertHeader = Prefix + "BatchedInsertHeader";
}
