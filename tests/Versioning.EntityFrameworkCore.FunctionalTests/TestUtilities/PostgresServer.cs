using Npgsql;
using Testcontainers.PostgreSql;

namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>
/// The PostgreSQL server the tests run on, in this order: the connection string in
/// VERSIONING_TEST_POSTGRES (build/test.sh starts a throwaway server and sets it); else a Testcontainers
/// PostgreSQL when a Docker engine answers; else the run fails with a message saying how to get one. Never skipped.
/// Tests create their own databases on it, so test classes can run in parallel.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "VERSIONING_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> ConnectionString = new(ResolveAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<string> GetConnectionStringAsync() => ConnectionString.Value;

    private static async Task<string> ResolveAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return container.GetConnectionString();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL server for the tests: {EnvironmentVariable} is not set and no Docker engine answered "
                + $"for Testcontainers ({e.GetType().Name}: {e.Message}). Run the tests with build/test.sh, which starts a "
                + $"throwaway local server, or set {EnvironmentVariable} to a connection string of a server where the user may "
                + "create databases (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres).",
                e);
        }
    }

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = new NpgsqlConnectionStringBuilder(await GetConnectionStringAsync());
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        server.Database = name;
        server.Pooling = true;
        return server.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(await GetConnectionStringAsync());
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
