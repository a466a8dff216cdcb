using Microsoft.EntityFrameworkCore;
using NodaTime;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Migrations;

/// <summary>
/// Versioning composes with the other EF plugins an application uses on PostgreSQL: here NodaTime's type mappings and
/// EFCore.NamingConventions together, through EnsureCreated's DDL (the history table's exclusion constraint included), a
/// versioned save and an as-of query of a NodaTime value.
/// </summary>
public sealed class PluginCompositionPostgreSqlTest : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync("versioning_plugins");

    public async Task DisposeAsync() => await PostgresServer.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task NodaTime_and_snake_case_keep_every_constraint_and_version_NodaTime_values()
    {
        var published = Instant.FromUtc(2026, 1, 1, 9, 0);
        int id;
        DateTime before;
        await using (var db = Open())
        {
            await db.Database.EnsureCreatedAsync();
            var release = new Release { Name = "v1", PublishedAt = published };
            db.Add(release);
            await db.SaveChangesAsync();
            id = release.Id;
            await Task.Delay(20);
            before = DateTime.UtcNow;
            await Task.Delay(20);
            release.PublishedAt = published.Plus(Duration.FromDays(1));
            await db.SaveChangesAsync();
        }

        await using var check = Open();
        (await check.Set<Release>().TemporalAsOf(before).SingleAsync(r => r.Id == id)).PublishedAt.Should().Be(published);
        (await check.Database.SqlQueryRaw<string>(
            "SELECT conname AS \"Value\" FROM pg_constraint WHERE conname = 'releases_history_no_overlap'").ToListAsync())
            .Should().ContainSingle();
    }

    private PluginsDb Open()
        => new(new DbContextOptionsBuilder<PluginsDb>()
            .UseNpgsql(_connectionString, npgsql => npgsql.UseNodaTime().UseVersioning())
            .UseSnakeCaseNamingConvention()
            .Options);

    public sealed class Release
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public Instant PublishedAt { get; set; }
    }

    public sealed class PluginsDb(DbContextOptions<PluginsDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Release>().ToTable("releases").HasTemporalHistory();
    }
}
