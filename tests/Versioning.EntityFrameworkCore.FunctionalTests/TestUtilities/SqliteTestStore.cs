using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>A SQLite database in a temporary file, deleted when the test class is done.</summary>
public sealed class SqliteTestStore : TestStore
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"versioning-{Guid.NewGuid():N}.db");

    public override string ProviderName => "SQLite";

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = 30 }.ToString();

    public override bool SupportsConcurrentWrites => false;

    public override DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder builder, Action<VersioningOptionsBuilder>? versioning = null)
        => builder.UseSqlite(ConnectionString).UseVersioning(versioning);

    public override DbConnection CreateConnection() => new SqliteConnection(ConnectionString);

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        File.Delete(_path);
        return Task.CompletedTask;
    }
}
