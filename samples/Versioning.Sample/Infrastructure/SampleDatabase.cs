using Microsoft.EntityFrameworkCore;

namespace Versioning.Sample.Infrastructure;

/// <summary>Where the sample keeps its data, and how a context connects to it.</summary>
internal abstract class SampleDatabase
{
    /// <summary>Printed at the start, so the reader knows what will be dropped.</summary>
    public abstract string Description { get; }

    /// <summary>Chooses the provider and enables Versioning on it.</summary>
    public abstract void Configure(DbContextOptionsBuilder options);

    /// <exception cref="ArgumentException">The PostgreSQL connection string is not usable.</exception>
    public static SampleDatabase For(SampleArguments arguments)
        => arguments.PostgresConnectionString is { } connectionString
            ? new PostgresSampleDatabase(connectionString)
            : new SqliteSampleDatabase();
}
