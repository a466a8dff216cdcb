namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// One strategy's part of the SaveChanges pipeline. Handlers are singletons without state; they run in
/// <see cref="Order"/> for every save that has versioned entries, and change the tracker only through the change set.
/// A new strategy registers its handler; the pipeline does not change.
/// </summary>
internal interface IVersioningHandler
{
    /// <summary>The position in the pipeline (ARCHITECTURE.md lists the handlers in order).</summary>
    int Order { get; }

    void Handle(VersioningChangeSet changeSet);

    /// <summary>
    /// After a successful save (EF has written and accepted everything): writes what had to wait for the save, inside
    /// the application's transaction if there is one. With <paramref name="async"/> false it completes synchronously.
    /// </summary>
    Task SavedAsync(VersioningChangeSet save, bool async, CancellationToken cancellationToken)
        => Task.CompletedTask;

    /// <summary>After a failed or canceled save: forgets what the handler prepared for it (the retry prepares it again).</summary>
    void SaveFailed(VersioningChangeSet save)
    {
    }
}
