using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>
/// One database on one provider, owned by one test class. Behaviour specs are written against this class once and
/// run on every provider.
/// </summary>
public abstract class TestStore : IAsyncLifetime
{
    private readonly HashSet<Type> _createdModels = [];
    private readonly SemaphoreSlim _createLock = new(1, 1);

    public abstract string ProviderName { get; }

    /// <summary>Whether several connections may write at once (SQLite locks the whole file).</summary>
    public abstract bool SupportsConcurrentWrites { get; }

    /// <summary>Points the builder at this store's database and enables Versioning the provider's way.</summary>
    public abstract DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder builder, Action<VersioningOptionsBuilder>? versioning = null);

    public abstract DbConnection CreateConnection();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>Creates the tables of the context's model once per store (several models can share one database).</summary>
    public async Task EnsureTablesAsync(DbContext context)
    {
        await _createLock.WaitAsync();
        try
        {
            if (_createdModels.Add(context.GetType()))
            {
                var creator = context.GetService<IRelationalDatabaseCreator>();
                await creator.CreateTablesAsync();
            }
        }
        finally
        {
            _createLock.Release();
        }
    }

    /// <summary>Runs raw SQL on a connection of its own, outside any context (to read or break what EF wrote).</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
