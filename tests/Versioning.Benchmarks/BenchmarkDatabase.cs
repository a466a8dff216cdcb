using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Versioning.Benchmarks;

/// <summary>
/// The PostgreSQL database of the benchmarks. The server comes from <c>VERSIONING_BENCH_POSTGRES</c>, else
/// <c>VERSIONING_TEST_POSTGRES</c> (the tests' variable); the database on it is always <see cref="DatabaseName"/>,
/// which every benchmark process DROPS and recreates.
/// </summary>
public static class BenchmarkDatabase
{
    public const string DatabaseName = "versioning_bench";

    /// <summary>
    /// The rows a benchmark's tables start with: 1,000 whatever its N up to there (so N = 1 and N = 1,000 work on the
    /// same table size), else N (the large cases).
    /// </summary>
    public static int SeededRows(int n) => Math.Max(1000, n);

    private static readonly string[] ServerVariables = ["VERSIONING_BENCH_POSTGRES", "VERSIONING_TEST_POSTGRES"];

    public static string MissingServerMessage
        => $"""
            The benchmarks run against PostgreSQL, but neither {ServerVariables[0]} nor {ServerVariables[1]} is set.
            Set one to an Npgsql connection string of a server you may create databases on, for example:
              export {ServerVariables[0]}="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"
            A throwaway local server: bash build/postgres.sh start /tmp/pg (its last output line is the connection string).
            The benchmarks drop and recreate the database '{DatabaseName}' on that server.
            """;

    public static string? FindServerConnectionString()
        => ServerVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));

    /// <exception cref="InvalidOperationException">No server is configured.</exception>
    public static string ConnectionString()
    {
        var server = FindServerConnectionString() ?? throw new InvalidOperationException(MissingServerMessage);
        return new NpgsqlConnectionStringBuilder(server) { Database = DatabaseName }.ConnectionString;
    }

    /// <summary>Drops and recreates the database with both tables, each holding the same <paramref name="rows"/> rows.</summary>
    public static void Recreate(IServiceProvider services, int rows)
    {
        using var scope = services.CreateScope();
        var stamped = scope.ServiceProvider.GetRequiredService<StampedBenchContext>();
        var plain = scope.ServiceProvider.GetRequiredService<PlainBenchContext>();

        stamped.Database.EnsureDeleted();
        stamped.Database.EnsureCreated();

        // EnsureCreated does nothing once the database has tables, so the second model's table is created directly.
        plain.GetService<IRelationalDatabaseCreator>().CreateTables();

        // Versioning stamps the rows of the stamped table; the plain rows get the same values by hand.
        var now = DateTime.UtcNow;
        stamped.Channels.AddRange(NewChannels(rows));
        plain.Channels.AddRange(NewChannels(rows).Select(channel =>
        {
            channel.CreatedAt = channel.UpdatedAt = now;
            channel.CreatedBy = channel.UpdatedBy = BenchActor.Id;
            return channel;
        }));
        stamped.SaveChanges();
        plain.SaveChanges();
    }

    private static IEnumerable<BenchChannel> NewChannels(int rows)
        => Enumerable.Range(1, rows).Select(i => new BenchChannel { Name = $"channel {i}" });
}
