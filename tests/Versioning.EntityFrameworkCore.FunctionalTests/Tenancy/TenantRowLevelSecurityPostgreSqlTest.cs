using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Tenancy;

/// <summary>
/// Tenant row-level security on PostgreSQL (<c>HasTenantRowLevelSecurity()</c>), proven as the database sees it: raw SQL
/// on a connection of a role that is neither a superuser nor the table's owner nor <c>BYPASSRLS</c> (those bypass
/// row-level security), and EF contexts on that role's connections, where only the settings Versioning keeps on the
/// connection let the policy see the context's tenant.
/// </summary>
public sealed class TenantRowLevelSecurityPostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private readonly string _role = "versioning_app_" + Guid.NewGuid().ToString("N")[..8];
    private string _roleConnectionString = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        await using (var seed = new RlsDb(new DbContextOptionsBuilder<RlsDb>().UseNpgsql(store.ConnectionString, n => n.UseVersioning()).Options))
        {
            await store.EnsureTablesAsync(seed);
        }

        await store.ExecuteAsync($"""
            CREATE ROLE {_role} LOGIN PASSWORD 'app' NOSUPERUSER NOBYPASSRLS;
            GRANT USAGE ON SCHEMA public TO {_role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {_role};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {_role};
            """);
        _roleConnectionString = new NpgsqlConnectionStringBuilder(store.ConnectionString) { Username = _role, Password = "app", Pooling = false }.ConnectionString;
        _services = ActorServices.Build(s => s.AddDbContext<RlsDb>(o => o.UseNpgsql(_roleConnectionString, n => n.UseVersioning())));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await store.ExecuteAsync($"DROP OWNED BY {_role}; DROP ROLE {_role};");
    }

    [Fact]
    public async Task The_table_has_forced_row_level_security_and_the_tenant_policy()
    {
        (await store.ScalarAsync("""SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE relname = 'Documents'""")).Should().Be(true);
        (await store.ScalarAsync("""SELECT qual FROM pg_policies WHERE tablename = 'Documents' AND policyname = 'versioning_tenant_isolation'"""))
            .Should().Be("""((current_setting('versioning.tenant_bypass'::text, true) = 'on'::text) OR ("TenantId" = current_setting('versioning.tenant_id'::text, true)))""");
    }

    [Fact]
    public async Task Raw_sql_of_a_non_superuser_sees_and_writes_only_the_tenant_of_its_setting()
    {
        var tag = await SeedAsync();
        await using var connection = new NpgsqlConnection(_roleConnectionString);
        await connection.OpenAsync();

        (await ScalarAsync(connection, $"""SELECT count(*) FROM "Documents" WHERE "Title" LIKE '{tag}%'""")).Should().Be(0L, "no tenant set: no row");

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ScalarAsync(connection, "SET LOCAL versioning.tenant_id = 'tenant-alice'");
            (await ScalarAsync(connection, $"""SELECT count(*) FROM "Documents" WHERE "Title" LIKE '{tag}%'""")).Should().Be(2L);
            (await ExecuteAsync(connection, $"""UPDATE "Documents" SET "Title" = "Title" || '!' WHERE "Title" LIKE '{tag}%'""")).Should().Be(2);
            (await ExecuteAsync(connection, $"""DELETE FROM "Documents" WHERE "TenantId" = 'tenant-bob' AND "Title" LIKE '{tag}%'""")).Should().Be(0);
            await transaction.CommitAsync();
        }

        foreach (var forbidden in new[]
                 {
                     $"""INSERT INTO "Documents" ("Title", "TenantId") VALUES ('{tag}-intruder', 'tenant-bob')""",
                     $"""UPDATE "Documents" SET "TenantId" = 'tenant-bob' WHERE "Title" LIKE '{tag}%'""",
                 })
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await ScalarAsync(connection, "SET LOCAL versioning.tenant_id = 'tenant-alice'");
            var write = () => ExecuteAsync(connection, forbidden);
            (await write.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("42501", "new row violates row-level security policy");
        }

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ScalarAsync(connection, "SET LOCAL versioning.tenant_bypass = 'on'");
            (await ScalarAsync(connection, $"""SELECT count(*) FROM "Documents" WHERE "Title" LIKE '{tag}%'""")).Should().Be(3L, "the bypass sees every tenant");
        }

        (await store.ScalarAsync($"""SELECT string_agg("TenantId" || ':' || "Title", ',' ORDER BY "TenantId", "Title") FROM "Documents" WHERE "Title" LIKE '{tag}%'"""))
            .Should().Be($"tenant-alice:{tag}-a1!,tenant-alice:{tag}-a2!,tenant-bob:{tag}-b1");
    }

    [Fact]
    public async Task Versioning_keeps_the_contexts_tenant_and_bypass_on_the_connection_for_queries_and_saves()
    {
        var tag = await SeedAsync();
        await using var scope = _services.CreateScope("alice");
        var db = scope.ServiceProvider.GetRequiredService<RlsDb>();

        // No EF filter here: what the rows are is what the database's policy lets through.
        (await db.Documents.IgnoreQueryFilters().Where(d => d.Title.StartsWith(tag)).Select(d => d.Title).ToListAsync())
            .Should().BeEquivalentTo([tag + "-a1", tag + "-a2"]);

        db.Add(new Document { Title = tag + "-a3" });
        await db.SaveChangesAsync();                                         // one statement, no transaction
        db.AddRange(Enumerable.Range(0, 10).Select(i => new Document { Title = $"{tag}-many{i}" }));
        await db.SaveChangesAsync();                                         // a transaction

        using (db.BeginTenantScope("tenant-bob"))
        {
            (await db.Documents.IgnoreQueryFilters().Where(d => d.Title.StartsWith(tag)).Select(d => d.Title).ToListAsync())
                .Should().Equal(tag + "-b1");
        }

        using (db.BeginTenantBypass("test: every tenant, as the database sees it"))
        {
            (await db.Documents.IgnoreQueryFilters().CountAsync(d => d.Title.StartsWith(tag))).Should().Be(14);
        }

        var pattern = tag + "%";
        (await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM "Documents" WHERE "Title" LIKE {pattern}""").SingleAsync())
            .Should().Be(13L, "raw SQL through EF runs under the context's tenant too");
        (await store.ScalarAsync($"""SELECT count(*) FROM "Documents" WHERE "TenantId" = 'tenant-alice' AND "Title" LIKE '{tag}%'""")).Should().Be(13L);
    }

    [Fact]
    public async Task On_a_connection_the_application_keeps_open_the_settings_follow_a_tenant_scope_and_survive_a_rollback()
    {
        var tag = await SeedAsync();
        await using var scope = _services.CreateScope("alice");
        var db = scope.ServiceProvider.GetRequiredService<RlsDb>();
        await db.Database.OpenConnectionAsync();
        var titles = () => db.Documents.IgnoreQueryFilters().Where(d => d.Title.StartsWith(tag)).OrderBy(d => d.Title).Select(d => d.Title).ToListAsync();

        (await titles()).Should().Equal(tag + "-a1", tag + "-a2");
        var bob = db.BeginTenantScope("tenant-bob");
        (await titles()).Should().Equal(tag + "-b1");
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            bob.Dispose();                                                    // alice's again, inside the transaction
            (await titles()).Should().Equal(tag + "-a1", tag + "-a2");
            await transaction.RollbackAsync();                                // the connection holds bob's tenant again
        }

        (await titles()).Should().Equal([tag + "-a1", tag + "-a2"], "the settings the rollback undid are set again");
    }

    /// <summary>Two documents of alice's tenant and one of bob's, inserted past row-level security (as the owner).</summary>
    private async Task<string> SeedAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await store.ExecuteAsync($"""
            INSERT INTO "Documents" ("Title", "TenantId") VALUES
                ('{tag}-a1', 'tenant-alice'), ('{tag}-a2', 'tenant-alice'), ('{tag}-b1', 'tenant-bob')
            """);
        return tag;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public class Document
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";
    }

    public class RlsDb(DbContextOptions<RlsDb> options) : DbContext(options)
    {
        public DbSet<Document> Documents => Set<Document>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Document>().HasTenant().HasTenantRowLevelSecurity();
    }
}
