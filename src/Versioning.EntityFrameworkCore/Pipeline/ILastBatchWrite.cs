using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// Work of a save that can only be done once EF's commands have run: rows that need keys the database generated, or
/// checks of constraints the database defers to the commit. A strategy keeps one in the save (<see cref="VersioningChangeSet.Keep"/>); <see cref="VersioningCommandBatchPreparer"/>
/// then ends EF's save with a batch of its own that writes them: after EF's last command, in EF's connection and
/// transaction, before EF commits it or releases the savepoint of the save, and before EF accepts any change. A failure
/// fails the save like a failing command of EF's (a <see cref="DbUpdateException"/>), so the tracker is put back as the
/// application left it and a retry writes everything once; an execution strategy's retry writes them again.
/// </summary>
internal interface ILastBatchWrite
{
    /// <summary>Whether there is anything to do.</summary>
    bool HasWork { get; }

    /// <summary>The message of the <see cref="DbUpdateException"/> that reports a failure.</summary>
    string FailureMessage { get; }

    /// <summary>The entries the rows describe, for the exception of a failed write.</summary>
    IReadOnlyList<EntityEntry> Entries { get; }

    void Write(DbContext context, DbConnection connection, DbTransaction? transaction);

    Task WriteAsync(DbContext context, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Called when a last batch wrote the rows (the rows stay, for a retry of the save).</summary>
    void Written();
}
