using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Pipeline.Rows;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Activity log rows of one save that are not stated for the save's row writer: those of inserted entities whose key
/// the database generates (their <c>EntityId</c> is only known once EF has read the key back), and all of them when the
/// save is large and the row writer writes EF entities (one set-based insert is much cheaper than one EF entity per
/// row). EF's save ends with a batch that writes them (<see cref="ILastBatchWrite"/>); only when EF writes nothing at all
/// (a save of manual activities alone) are they written after the save (<see cref="ActivityLogDeferredWrite"/>).
/// </summary>
internal sealed class PendingActivityWrite : ILastBatchWrite
{
    private readonly List<(ActivityLogEntry Row, EntityEntry? KeySource, EntityKeyText? Key, (string Before, string After)? DetailsAroundKey)> _rows = [];
    private List<EntityEntry>? _entries;

    public bool HasWork => _rows.Count > 0;

    public string FailureMessage => VersioningStrings.LastBatchFailed;

    /// <summary>Whether a last batch of EF's save wrote the rows.</summary>
    public bool IsWritten { get; private set; }

    public IReadOnlyList<EntityEntry> Entries => _entries ?? (IReadOnlyList<EntityEntry>)[];

    /// <summary>
    /// Adds a row; with <paramref name="keySource"/>, the key the database generates for it becomes the row's
    /// <c>EntityId</c>, or the middle of its <c>Details</c> when <paramref name="detailsAroundKey"/> is given.
    /// </summary>
    public void Add(ActivityLogEntry row, EntityEntry? keySource = null, EntityKeyText? key = null, (string Before, string After)? detailsAroundKey = null)
    {
        _rows.Add((row, keySource, key, detailsAroundKey));
        if (keySource != null)
        {
            (_entries ??= []).Add(keySource);
        }
    }

    public void Write(DbContext context, DbConnection connection, DbTransaction? transaction)
        => context.GetService<IRowInserter>().Insert(context, connection, transaction, ActivityLogTableMap.For(context).Layout, Values(context));

    public Task WriteAsync(DbContext context, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
        => context.GetService<IRowInserter>().InsertAsync(
            context, connection, transaction, ActivityLogTableMap.For(context).Layout, Values(context), cancellationToken);

    private object?[][] Values(DbContext context)
    {
        var map = ActivityLogTableMap.For(context);
        return [.. Rows().Select(map.ValuesOf)];
    }

    public void Written() => IsWritten = true;

    /// <summary>
    /// The rows to insert, with the keys the database generated filled in. The rows stay: when an execution strategy
    /// retries the save, they are written again with the retry's keys.
    /// </summary>
    public IReadOnlyList<ActivityLogEntry> Rows()
    {
        var rows = new ActivityLogEntry[_rows.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var (row, keySource, key, detailsAroundKey) = _rows[i];
            if (keySource != null && key != null)
            {
                if (detailsAroundKey is var (before, after))
                {
                    row.Details = before + key.Format(keySource) + after;
                }
                else
                {
                    row.EntityId = key.Format(keySource);
                }
            }

            rows[i] = row;
        }

        return rows;
    }
}
