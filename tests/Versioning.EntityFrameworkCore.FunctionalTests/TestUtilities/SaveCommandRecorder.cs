using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>Records the statements of SaveChanges (not queries), and whether each ran in a transaction.</summary>
public sealed class SaveCommandRecorder : DbCommandInterceptor
{
    private readonly List<(string Text, bool InTransaction)> _saved = [];

    public IReadOnlyList<(string Text, bool InTransaction)> Saved
    {
        get
        {
            lock (_saved)
            {
                return [.. _saved];
            }
        }
    }

    public void Clear()
    {
        lock (_saved)
        {
            _saved.Clear();
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource == CommandSource.SaveChanges)
        {
            lock (_saved)
            {
                _saved.Add((command.CommandText, command.Transaction != null));
            }
        }
    }
}
