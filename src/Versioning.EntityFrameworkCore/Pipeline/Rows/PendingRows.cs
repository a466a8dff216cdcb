using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.Pipeline.Rows;

/// <summary>
/// Rows of one save that need what EF's commands produce (the key the database generated for an inserted entity),
/// written by a last batch of EF's save (<see cref="ILastBatchWrite"/>) with the save's <see cref="IRowInserter"/>. Each
/// row is completed from its entry when the batch runs, and again when an execution strategy retries the save (the
/// rows stay).
/// </summary>
/// <param name="failureMessage">The message of the <see cref="DbUpdateException"/> that reports a failed write.</param>
internal sealed class PendingRows(string failureMessage) : ILastBatchWrite
{
    private readonly List<(RowLayout Layout, object?[] Row, Action<object?[]>? Complete)> _rows = [];
    private readonly List<EntityEntry> _entries = [];

    public bool HasWork => _rows.Count > 0;

    public string FailureMessage { get; } = failureMessage;

    public IReadOnlyList<EntityEntry> Entries => _entries;

    /// <summary>
    /// Adds a row of <paramref name="layout"/> recording the change of <paramref name="source"/>, which
    /// <paramref name="complete"/>, if given, fills in from what EF's commands produced.
    /// </summary>
    public void Add(RowLayout layout, object?[] row, EntityEntry source, Action<object?[]>? complete = null)
    {
        _rows.Add((layout, row, complete));
        _entries.Add(source);
    }

    public void Write(DbContext context, DbConnection connection, DbTransaction? transaction)
    {
        var inserter = context.GetService<IRowInserter>();
        foreach (var (layout, rows) in CompletedRows())
        {
            inserter.Insert(context, connection, transaction, layout, rows);
        }
    }

    public async Task WriteAsync(DbContext context, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var inserter = context.GetService<IRowInserter>();
        foreach (var (layout, rows) in CompletedRows())
        {
            await inserter.InsertAsync(context, connection, transaction, layout, rows, cancellationToken);
        }
    }

    public void Written()
    {
    }

    private IEnumerable<(RowLayout Layout, List<object?[]> Rows)> CompletedRows()
    {
        var tables = new List<(RowLayout Layout, List<object?[]> Rows)>();
        foreach (var (layout, row, complete) in _rows)
        {
            complete?.Invoke(row);
            var index = tables.FindIndex(t => t.Layout == layout);
            if (index < 0)
            {
                tables.Add((layout, [row]));
            }
            else
            {
                tables[index].Rows.Add(row);
            }
        }

        return tables;
    }
}
