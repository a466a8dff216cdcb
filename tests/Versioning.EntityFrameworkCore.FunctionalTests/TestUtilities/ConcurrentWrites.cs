using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
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

/// <summary>
/// The four ways an application registers a context (the production matrix), by name for <c>[InlineData]</c>: a
/// context of the registration, opened in a DI scope as the application would open it.
/// </summary>
public static class ContextRegistrations
{
    /// <summary>Registers <typeparamref name="TContext"/> the way <paramref name="registration"/> names.</summary>
    public static IServiceCollection Add<TContext>(IServiceCollection services, string registration, Action<DbContextOptionsBuilder> options)
        where TContext : DbContext
        => registration switch
        {
            "AddDbContext" => services.AddDbContext<TContext>(options),
            "AddDbContextPool" => services.AddDbContextPool<TContext>(options, poolSize: 1),
            "AddDbContextFactory" => services.AddDbContextFactory<TContext>(options),
            "AddPooledDbContextFactory" => services.AddPooledDbContextFactory<TContext>(options, poolSize: 1),
            _ => throw new ArgumentOutOfRangeException(nameof(registration), registration, null),
        };

    /// <summary>
    /// Runs <paramref name="use"/> on a context of the registration in <paramref name="scope"/>: from the factory (bound
    /// to the scope's services, then disposed) or from the scope.
    /// </summary>
    public static async Task UseAsync<TContext>(AsyncServiceScope scope, string registration, Func<TContext, Task> use)
        where TContext : DbContext
    {
        if (!registration.EndsWith("Factory", StringComparison.Ordinal))
        {
            await use(scope.ServiceProvider.GetRequiredService<TContext>());
            return;
        }

        await using var context = (await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContextAsync())
            .UseVersioningServices(scope.ServiceProvider);
        await use(context);
    }
}

/// <summary>
/// A row held by another transaction (<c>FOR UPDATE</c>), so that a statement waiting for it fails on
/// <c>lock_timeout</c> until <see cref="Release"/>.
/// </summary>
public sealed class HeldRow : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private HeldRow(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<HeldRow> LockAsync(PostgresTestStore store, string table, int id)
    {
        var connection = (NpgsqlConnection)store.CreateConnection();
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM \"{table}\" WHERE \"Id\" = {id} FOR UPDATE", connection, transaction))
        {
            await lockRow.ExecuteScalarAsync();
        }

        return new HeldRow(connection, transaction);
    }

    /// <summary>Options of a context whose statements give up after 300 ms of waiting and whose execution strategy releases the row and retries.</summary>
    public Action<DbContextOptionsBuilder> RetryingOptions(PostgresTestStore store, Action onFailure)
        => o => o.UseNpgsql(
            store.ConnectionString + ";Options=-c lock_timeout=300",
            npgsql => npgsql.UseVersioning().ExecutionStrategy(d => new RetryOnLockTimeout(d, () =>
            {
                onFailure();
                Release();
            })));

    public void Release() => _transaction.Rollback();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
