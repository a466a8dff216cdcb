namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

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

    public const int TemporalHistory = 400;
}
