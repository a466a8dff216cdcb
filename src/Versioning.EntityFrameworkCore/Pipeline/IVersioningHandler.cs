namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// One strategy's part of the SaveChanges pipeline. Handlers are singletons without state; they run in
/// <see cref="Order"/> for every save that has versioned entries, and change the tracker only through the change set.
/// A new strategy registers its handler; the pipeline does not change.
/// </summary>
internal interface IVersioningHandler
{
    /// <summary>The position in the pipeline; see <see cref="VersioningHandlerOrder"/>.</summary>
    int Order { get; }

    void Handle(VersioningChangeSet changeSet);
}

/// <summary>The fixed order of the strategies (DESIGN §5): stamps, soft delete/replace, audit trail, temporal, activity log.</summary>
internal static class VersioningHandlerOrder
{
    public const int ChangeStamps = 100;

    /// <summary>
    /// After stamps, so a soft delete (a Deleted entry turned into an update of the flags) is not stamped as an update:
    /// <c>DeletedAt/DeletedBy</c> record it, and <c>UpdatedAt</c> keeps meaning the last change of the values.
    /// </summary>
    public const int SoftDelete = 200;

    /// <summary>After stamps, whose update stamps it turns into the new row's insert stamps.</summary>
    public const int ReplaceOnUpdate = 210;

    /// <summary>
    /// After stamps (whose update stamps become the new revision's insert stamps) and soft delete (a delete is the soft
    /// delete of the current revision, already turned into an update of its flags).
    /// </summary>
    public const int AuditTrail = 300;
    /// <summary>After soft delete, so a delete turned into an update of the flags also starts the next version.</summary>
    public const int TemporalHistory = 400;

    public const int ActivityLog = 500;

    /// <summary>Last: it takes updated entries out of EF's commands once every other handler has seen them.</summary>
    public const int SetBasedUpdate = 600;
}
