using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Versioning.Sample.Infrastructure;

/// <summary>
/// PostgreSQL, chosen with <c>--postgres "&lt;cs&gt;"</c> or <c>ConnectionStrings__Versioning</c>.
/// WARNING: the sample DROPS the database named in the connection string (default <c>versioning_sample</c>) and
/// recreates it on every run (EnsureDeleted + EnsureCreated). Point it at a database you can throw away.
/// </summary>
internal sealed class PostgresSampleDatabase : SampleDatabase
{
    private const string DefaultDatabase = "versioning_sample";

    private readonly string _connectionString;
    private readonly string _where;

    /// <exception cref="ArgumentException">The connection string is invalid or names a system database.</exception>
    public PostgresSampleDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = DefaultDatabase;
        }

        // Dropping these would break the server (or every other user of it); refuse rather than obey.
        if (builder.Database is "postgres" || builder.Database.StartsWith("template", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The sample drops and recreates its database; '{builder.Database}' is a system database. "
                + $"Name another one in the connection string (Database={DefaultDatabase}).");
        }

        _connectionString = builder.ConnectionString;
        _where = $"'{builder.Database}' on {builder.Host}:{builder.Port}";
    }

    public override string Description => $"PostgreSQL database {_where} (DROPPED and recreated on every run)";

    public override void Configure(DbContextOptionsBuilder options)
        => options.UseNpgsql(_connectionString, npgsql => npgsql.UseVersioning());
}
