using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>What one soft delete writes: shared by every row it deletes (the principal and its cascade), so that a
/// restore can recognise the rows deleted together.</summary>
/// <param name="At">The save's timestamp.</param>
/// <param name="By">The actor.</param>
/// <param name="Reason">The change scope's reason.</param>
internal readonly record struct SoftDeleteValues(DateTime At, string? By, string? Reason)
{
    public static SoftDeleteValues Of(ChangeContext change, string? defaultReason = null)
        => new(change.Timestamp, change.ActorId, change.Scope?.Reason ?? defaultReason);

    public static SoftDeleteValues Of(VersioningChangeSet changeSet, string? defaultReason = null)
        => new(changeSet.Timestamp, changeSet.ActorId, changeSet.Scope?.Reason ?? defaultReason);
}
