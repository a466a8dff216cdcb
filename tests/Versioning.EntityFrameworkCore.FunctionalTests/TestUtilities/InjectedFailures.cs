using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>
/// Fails the first attempt of the save it is armed for, as a lost connection would: at the commit of EF's
/// transaction (everything written is rolled back), or at its one command when the save runs without one.
/// </summary>
public sealed class FailFirstAttempt : DbCommandInterceptor, IDbTransactionInterceptor
{
    public bool Armed { get; set; }

    public bool Failed { get; private set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.Transaction == null)
        {
            Fail();
        }

        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.Transaction == null)
        {
            Fail();
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Fail();
        return ValueTask.FromResult(result);
    }

    private void Fail()
    {
        if (Armed)
        {
            Armed = false;
            Failed = true;
            throw new SimulatedTransientException();
        }
    }
}

public sealed class SimulatedTransientException() : Exception("A transient failure injected by the test.");

/// <summary>Retries a save that failed with <see cref="SimulatedTransientException"/>, as EnableRetryOnFailure does for a provider's transient errors.</summary>
public sealed class RetryingStrategyFactory(ExecutionStrategyDependencies dependencies) : IExecutionStrategyFactory
{
    public IExecutionStrategy Create() => new RetryingStrategy(dependencies);
}

public sealed class RetryingStrategy(ExecutionStrategyDependencies dependencies) : ExecutionStrategy(dependencies, 3, TimeSpan.FromMilliseconds(10))
{
    protected override bool ShouldRetryOn(Exception exception) => exception is SimulatedTransientException;
}
