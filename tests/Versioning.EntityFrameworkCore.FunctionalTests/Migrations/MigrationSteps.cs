using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Migrations;

/// <summary>
/// Evolves a PostgreSQL database of its own through versions of a model the way <c>dotnet ef migrations add</c> and
/// <c>database update</c> do, in-process: EF's model differ between the two design-time models, the migrations SQL
/// generator of the context (Versioning's), and EF's command executor. Up is (previous, next), Down is (next, previous).
/// </summary>
public sealed class MigrationSteps : IAsyncDisposable
{
    private readonly string _connectionString;

    private MigrationSteps(string connectionString) => _connectionString = connectionString;

    public static async Task<MigrationSteps> CreateAsync() => new(await PostgresServer.CreateDatabaseAsync("versioning_migrations"));

    /// <summary>A context whose model is <paramref name="model"/> (each gets its own model: no cache across versions).</summary>
    public EvolvingDb Open(Action<ModelBuilder> model)
        => new(
            new DbContextOptionsBuilder<EvolvingDb>()
                .UseNpgsql(_connectionString, npgsql => npgsql.UseVersioning())
                .ReplaceService<IModelCacheKeyFactory, NoModelCache>()
                .Options,
            model);

    /// <summary>The SQL of the migration from <paramref name="from"/> (<see langword="null"/>: an empty database) to <paramref name="to"/>.</summary>
    public IReadOnlyList<MigrationCommand> Commands(Action<ModelBuilder>? from, Action<ModelBuilder> to)
    {
        using var target = Open(to);
        using var source = from == null ? null : Open(from);
        var targetModel = target.GetService<IDesignTimeModel>().Model;
        var operations = target.GetService<IMigrationsModelDiffer>().GetDifferences(
            source?.GetService<IDesignTimeModel>().Model.GetRelationalModel(), targetModel.GetRelationalModel());
        return target.GetService<IMigrationsSqlGenerator>().Generate(operations, targetModel);
    }

    /// <summary>
    /// The C# that <c>dotnet ef migrations add</c> scaffolds for the Up of the migration from <paramref name="from"/> to
    /// <paramref name="to"/>: what a reviewer of the migration reads.
    /// </summary>
    public string ScaffoldedUp(Action<ModelBuilder>? from, Action<ModelBuilder> to)
    {
        using var target = Open(to);
        using var source = from == null ? null : Open(from);
        var operations = target.GetService<IMigrationsModelDiffer>().GetDifferences(
            source?.GetService<IDesignTimeModel>().Model.GetRelationalModel(), target.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        using var provider = DesignTimeServices(target);
        var code = new Microsoft.EntityFrameworkCore.Infrastructure.IndentedStringBuilder();
        provider.GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.Design.ICSharpMigrationOperationGenerator>()
            .Generate("migrationBuilder", operations, code);
        return code.ToString().ReplaceLineEndings("\n");
    }

    /// <summary>The C# of the model snapshot (and designer file) that <c>dotnet ef migrations add</c> writes for <paramref name="model"/>.</summary>
    public string ScaffoldedSnapshot(Action<ModelBuilder> model)
    {
        using var target = Open(model);
        using var provider = DesignTimeServices(target);
        var code = new Microsoft.EntityFrameworkCore.Infrastructure.IndentedStringBuilder();
        provider.GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.Design.ICSharpSnapshotGenerator>()
            .Generate("modelBuilder", target.GetService<IDesignTimeModel>().Model, code);
        return code.ToString().ReplaceLineEndings("\n");
    }

    /// <summary>The design-time services of <paramref name="context"/>, as <c>dotnet ef</c> loads them (Npgsql's included).</summary>
    private static ServiceProvider DesignTimeServices(DbContext context)
    {
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(context);
#pragma warning disable EF1001 // Npgsql's design-time services, as dotnet ef loads them.
        new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
        return services.BuildServiceProvider();
    }

    /// <summary>The SQL text of the migration, one statement per entry.</summary>
    public IReadOnlyList<string> Sql(Action<ModelBuilder>? from, Action<ModelBuilder> to)
        => [.. Commands(from, to).Select(c => c.CommandText.Trim().ReplaceLineEndings("\n"))];

    /// <summary>Applies the migration from <paramref name="from"/> to <paramref name="to"/>, as <c>database update</c> would.</summary>
    public async Task MigrateAsync(Action<ModelBuilder>? from, Action<ModelBuilder> to)
    {
        var commands = Commands(from, to);
        await using var target = Open(to);
        await target.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, target.GetService<IRelationalConnection>());
    }

    /// <summary>
    /// Applies the migration with its operations only, as a migration class's <c>Up</c> runs them (no target model is given
    /// to the SQL generator): what the operations' annotations carry must be enough.
    /// </summary>
    public async Task MigrateWithoutModelAsync(Action<ModelBuilder>? from, Action<ModelBuilder> to)
    {
        await using var target = Open(to);
        using var source = from == null ? null : Open(from);
        var operations = target.GetService<IMigrationsModelDiffer>().GetDifferences(
            source?.GetService<IDesignTimeModel>().Model.GetRelationalModel(), target.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        var commands = target.GetService<IMigrationsSqlGenerator>().Generate(operations, model: null);
        await target.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, target.GetService<IRelationalConnection>());
    }

    /// <summary>
    /// The design-time model of <paramref name="model"/> built without Versioning's conventions: the model of a migration
    /// made by an earlier version of the library, as its designer file holds it (annotations and properties as written).
    /// </summary>
    public IModel ModelAsWritten(Action<ModelBuilder> model)
    {
        using var db = new EvolvingDb(
            new DbContextOptionsBuilder<EvolvingDb>().UseNpgsql(_connectionString).ReplaceService<IModelCacheKeyFactory, NoModelCache>().Options, model);
        return db.GetService<IDesignTimeModel>().Model;
    }

    /// <summary>Applies hand-written <paramref name="operations"/> towards <paramref name="targetModel"/> with Versioning's generator.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(IReadOnlyList<Microsoft.EntityFrameworkCore.Migrations.Operations.MigrationOperation> operations, IModel targetModel)
    {
        await using var db = Open(_ => { });
        var commands = db.GetService<IMigrationsSqlGenerator>().Generate(operations, targetModel);
        await db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>());
        return [.. commands.Select(c => c.CommandText.Trim().ReplaceLineEndings("\n"))];
    }

    /// <summary>The design-time model of <paramref name="model"/> with Versioning's conventions.</summary>
    public IModel Model(Action<ModelBuilder> model)
    {
        using var db = Open(model);
        return db.GetService<IDesignTimeModel>().Model;
    }

    /// <summary>Runs raw SQL on the database (to seed or read what the migrations did).</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async ValueTask DisposeAsync() => await PostgresServer.DropDatabaseAsync(_connectionString);

    private sealed class NoModelCache : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => new object();
    }
}

/// <summary>A context whose model is given by the test: one version of an evolving application model.</summary>
public sealed class EvolvingDb(DbContextOptions<EvolvingDb> options, Action<ModelBuilder> model) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => model(modelBuilder);
}
