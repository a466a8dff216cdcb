using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Activity log rows of one save that are not EF entities in EF's batch: all of them when the save is large (one
/// set-based insert is much cheaper than one EF entity per row), or those of inserted entities whose key the
/// database generates (their <c>EntityId</c> is only known once EF has read the key back). They are written just before
/// EF commits its transaction, or, inside the application's own transaction, right after the save.
/// </summary>
internal sealed class PendingActivityWrite(bool beforeCommit, AutoTransactionBehavior? restoreBehavior)
{
    private readonly List<(ActivityLogEntry Row, EntityEntry? KeySource, ActivityLogKey? Key)> _rows = [];

    /// <summary>Whether EF's own transaction (forced for this save) carries the rows, written when it commits.</summary>
    public bool BeforeCommit { get; } = beforeCommit;

    /// <summary>The application's setting to put back once the save is over, when this save forced a transaction.</summary>
    public AutoTransactionBehavior? RestoreBehavior { get; } = restoreBehavior;

    public int Count => _rows.Count;

    /// <summary>Whether the commit of EF's transaction wrote the rows.</summary>
    public bool Written { get; set; }

    public void Add(ActivityLogEntry row, EntityEntry? keySource = null, ActivityLogKey? key = null)
        => _rows.Add((row, keySource, key));

    /// <summary>
    /// Returns the rows to insert, with the keys the database generated filled in. The rows stay: when an execution
    /// strategy retries the save after its transaction failed, they are written again with the retry's keys.
    /// </summary>
    public IReadOnlyList<ActivityLogEntry> Rows()
    {
        var rows = new ActivityLogEntry[_rows.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var (row, keySource, key) = _rows[i];
            if (keySource != null && key != null)
            {
                row.EntityId = key.Format(keySource);
            }

            rows[i] = row;
        }

        return rows;
    }
}
