using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// The concurrency failure of a set-based update, naming the entities it stood for. EF's constructors drop entries
/// that are unchanged at the time, and the tracker holds these as saved until the failed save puts them back, so the
/// entries are handed out as they are when the application reads them: deleted again, ready to reload or retry.
/// </summary>
internal sealed class SetBasedUpdateConcurrencyException(string message, IReadOnlyList<EntityEntry> entries)
    : DbUpdateConcurrencyException(message)
{
    public override IReadOnlyList<EntityEntry> Entries { get; } = entries;
}
