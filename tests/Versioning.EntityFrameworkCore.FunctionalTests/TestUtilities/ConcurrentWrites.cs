using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>What tests of concurrent writers on PostgreSQL share: losing a race, and an execution strategy's retry.</summary>
public static class ConcurrentWrites
{
    /// <summary>Runs a write; a concurrency failure or deadlock (the loser of a race) returns null, to be retried.</summary>
    public static async Task<int?> Retried(Func<Task<int>> write)
    {
        try
        {
            return await write();
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        catch (Exception e) when (e.GetBaseException() is PostgresException { SqlState: "40P01" })
        {
            return null;
        }
    }
}

/// <summary>Retries an attempt that failed on <c>lock_timeout</c> (55P03), after <paramref name="onFailure"/>.</summary>
public sealed class RetryOnLockTimeout(ExecutionStrategyDependencies dependencies, Action onFailure)
    : ExecutionStrategy(dependencies, 3, TimeSpan.FromMilliseconds(10))
{
    protected override bool ShouldRetryOn(Exception exception)
    {
        if (exception.GetBaseException() is PostgresException { SqlState: "55P03" })
        {
            onFailure();
            return true;
        }

        return false;
    }
}
