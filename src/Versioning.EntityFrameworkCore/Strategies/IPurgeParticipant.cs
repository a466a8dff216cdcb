using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// What a strategy does when soft delete purges rows of an entity type it versions (their retention ended): it deletes
/// what it copied of them (history rows, past revisions), in the purge's transaction, before the rows themselves are
/// deleted. A strategy whose records outlive the rows (the activity log, with a retention of its own) registers none.
/// </summary>
internal interface IPurgeParticipant
{
    /// <summary>Deletes what the strategy keeps of the rows <paramref name="due"/> selects (deleted rows included).</summary>
    /// <returns>How many rows it deleted.</returns>
    Task<int> PurgeAsync(DbContext context, EntitySavePlan plan, IQueryable due, bool async, CancellationToken cancellationToken);
}
