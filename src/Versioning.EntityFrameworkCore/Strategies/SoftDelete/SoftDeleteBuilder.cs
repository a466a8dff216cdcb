// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore.Metadata.Builders;

/// <summary>
/// Configures the soft delete of one entity type, passed to <c>HasSoftDelete(s =&gt; ...)</c>.
/// </summary>
public sealed class SoftDeleteBuilder
{
    private readonly IMutableEntityType _entityType;

    internal SoftDeleteBuilder(IMutableEntityType entityType) => _entityType = entityType;

    /// <summary>
    /// Keeps a deleted row for <paramref name="retention"/>: the deletion sets <c>PurgeAt</c> = deletion time +
    /// retention, and <c>db.PurgeAsync()</c> hard-deletes rows whose <c>PurgeAt</c> has passed (for example 30 days).
    /// </summary>
    /// <param name="retention">How long a deleted row can still be restored; must be positive.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retention"/> is not positive.</exception>
    public SoftDeleteBuilder PurgeAfter(TimeSpan retention)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        _entityType.SetSoftDeletePurgeAfter(retention);
        return this;
    }

    /// <summary>
    /// 'Soft delete with new record': an update leaves the old row's values untouched, flags it deleted (reason: the
    /// change scope's, else "Updated with new information") and inserts the new values as a new row with a new key
    /// whose <c>ReplacesId</c> holds the old key. Rows referencing the old row keep referencing it; after SaveChanges the
    /// application's instance is the new row. The key must be generated (database identity or client Guid).
    /// </summary>
    /// <param name="enabled"><see langword="false"/> to turn it off again.</param>
    /// <returns>The same builder, for chaining.</returns>
    public SoftDeleteBuilder ReplaceOnUpdate(bool enabled = true)
    {
        _entityType.SetIsSoftDeleteReplaceOnUpdate(enabled);
        return this;
    }
}
