using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Versioning.Benchmarks;

/// <summary>
/// A strategy benchmark's two contexts over one database of its own on the benchmark server: the plain one and the
/// versioned one (snake_case, as the seeds' schemas read), and how to recreate that database.
/// </summary>
public static class BenchContextPair
{
    public static ServiceProvider BuildServices<TPlain, TVersioned>(string databaseName)
        where TPlain : DbContext
        where TVersioned : DbContext
    {
        var server = BenchmarkDatabase.FindServerConnectionString()
            ?? throw new InvalidOperationException(BenchmarkDatabase.MissingServerMessage);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = databaseName }.ConnectionString;
        var services = new ServiceCollection();
        services.AddVersioning(versioning => versioning.UseActorAccessor<BenchActor>());
        services.AddDbContext<TPlain>(options => options.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddDbContext<TVersioned>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.UseVersioning())
            .UseSnakeCaseNamingConvention());
        return services.BuildServiceProvider();
    }

    /// <summary>Drops and recreates the database with the versioned context's tables, then adds the plain context's.</summary>
    public static void Recreate<TPlain, TVersioned>(IServiceProvider services)
        where TPlain : DbContext
        where TVersioned : DbContext
    {
        using var scope = services.CreateScope();
        var versioned = scope.ServiceProvider.GetRequiredService<TVersioned>();
        versioned.Database.EnsureDeleted();
        versioned.Database.EnsureCreated();
        scope.ServiceProvider.GetRequiredService<TPlain>().GetService<IRelationalDatabaseCreator>().CreateTables();
    }
}
