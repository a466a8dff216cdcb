namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Names of the model annotations Versioning reads and writes, each declared once in this class (a strategy's names sit
/// in its folder, as a part of this class).
/// </summary>
public static partial class VersioningAnnotationNames
{
    /// <summary>The prefix of every Versioning annotation.</summary>
    public const string Prefix = "Versioning:";

    /// <summary>Property annotation: <see langword="true"/> when the property is left out of the activity log.</summary>
    public const string NotVersioned = Prefix + "NotVersioned";

    /// <summary>Property annotation: <see langword="true"/> when a mask is logged instead of the property's values.</summary>
    public const string Redacted = Prefix + "Redacted";

    /// <summary>
    /// Property annotation: <see langword="true"/> on a bookkeeping property a strategy added or adopted (stamps, flags...);
    /// such properties are never logged as changes of the entity.
    /// </summary>
    public const string Bookkeeping = Prefix + "Bookkeeping";

    /// <summary>
    /// Entity type annotation: <see langword="true"/> on the library's own tables that Versioning maps into the model
    /// (the activity log, the change event outbox). Tenancy reads it: a multi-tenant model filters those that record the
    /// tenant (<c>TenantId</c>) by tenant, like its entities.
    /// </summary>
    public const string LibraryTable = Prefix + "LibraryTable";

    /// <summary>
    /// Runtime model annotation caching, per entity type, the bookkeeping properties the SaveChanges pipeline
    /// writes. Computed once per model on first use.
    /// </summary>
    internal const string SavePlan = Prefix + "SavePlan";

    /// <summary>
    /// Runtime annotation of a table's entity type caching the <c>INSERT INTO t (…)</c> header of the rows a provider
    /// writes into it within EF's batch (history and activity log rows).
    /// </summary>
    internal const string BatchedInsertHeader = Prefix + "BatchedInsertHeader";

    /// <summary>Runtime annotation of an entity type caching the fields two of its versions are compared by.</summary>
    internal const string EntityDiff = Prefix + "EntityDiff";

    /// <summary>Runtime entity type annotation caching how the entities of the type are named in text (<c>EntityKeyText</c>).</summary>
    internal const string EntityKeyText = Prefix + "EntityKeyText";
}
