using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Versioning.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>A database of its own on the test PostgreSQL server, dropped when the test class is done.</summary>
public sealed class PostgresTestStore : TestStore
{
    private string? _connectionString;

    public override string ProviderName => "PostgreSQL";

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The store is not initialized.");

    public override bool SupportsConcurrentWrites => true;

    public override DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder builder, Action<VersioningOptionsBuilder>? versioning = null)
        => builder.UseNpgsql(ConnectionString, npgsql => npgsql.UseVersioning(versioning));

    public override DbConnection CreateConnection() => new NpgsqlConnection(ConnectionString);

    public override async Task InitializeAsync()
        => _connectionString = await PostgresServer.CreateDatabaseAsync("versioning_test");

    public override async Task DisposeAsync()
    {
        if (_connectionString != null)
        {
            await PostgresServer.DropDatabaseAsync(_connectionString);
        }
    }
}
