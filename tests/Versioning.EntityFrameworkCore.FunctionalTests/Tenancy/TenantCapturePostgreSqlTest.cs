using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Tenancy;

/// <summary>
/// The tenant of the log rows the database writes for a multi-tenant table on PostgreSQL: a bulk statement's (written by
/// the statement itself) and a captured raw write's (written by the table's triggers) are the changed row's own tenant,
/// as SaveChanges records it, not the tenant of the statement. Under a tenant bypass, or in a raw transaction whose
/// <c>versioning.tenant_id</c> is another tenant's, one statement changes several tenants' rows; each tenant must see
/// its own rows' history and no other's.
/// </summary>
public sealed class TenantCapturePostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = ActorServices.Build(services => services.AddDbContext<TenantNotesDb>(o => store.UseProvider(o)));
        await using var scope = _services.CreateAsyncScope();
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<TenantNotesDb>());
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_bulk_update_and_delete_under_a_bypass_log_each_row_for_its_own_tenant(int rows)
    {
        var tenantOf = await SeedAsync(rows);

        await using (var scope = _services.CreateScope("alice"))
        {
            var admin = scope.ServiceProvider.GetRequiredService<TenantNotesDb>();
            using var bypass = admin.BeginTenantBypass("support: retitle every tenant's notes");
            (await admin.Notes.Where(n => n.Text.StartsWith(_tag)).ExecuteUpdateAsync(s => s.SetProperty(n => n.Text, n => n.Text + "!"))).Should().Be(rows);
            (await admin.Notes.Where(n => n.Text.StartsWith(_tag)).ExecuteDeleteAsync()).Should().Be(rows);
        }

        var logged = await LogAsync(tenantOf.Keys);
        logged.Where(r => r.Action == "UPDATE").Should().HaveCount(rows).And.OnlyContain(r => r.TenantId == tenantOf[r.EntityId], "an update is the changed row's tenant's history");
        logged.Where(r => r.Action == "DELETE").Should().HaveCount(rows).And.OnlyContain(r => r.TenantId == tenantOf[r.EntityId]);
        logged.Where(r => r.Action != "CREATE").Should().OnlyContain(r => r.ActorId == "alice", "the actor stays the statement's");
    }

    [Fact]
    public async Task A_captured_raw_write_is_logged_for_the_tenant_of_the_row_not_the_transactions_setting()
    {
        var tenantOf = await SeedAsync(2);
        var (bobs, carols) = (tenantOf.Single(t => t.Value == "tenant-bob").Key, tenantOf.Single(t => t.Value == "tenant-carol").Key);
        var inserted = 900_000 + Random.Shared.Next(99_999);
        await using (var connection = (NpgsqlConnection)store.CreateConnection())
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(
                $"""
                SET LOCAL versioning.actor = 'ops'; SET LOCAL versioning.tenant_id = 'tenant-alice';
                UPDATE "TenantNotes" SET "Text" = "Text" || '!' WHERE "Id" IN ({bobs}, {carols});
                INSERT INTO "TenantNotes" ("Id", "Text", "TenantId", "ValidFrom", "Version") VALUES ({inserted}, '{_tag}-raw', 'tenant-carol', now(), 1);
                DELETE FROM "TenantNotes" WHERE "Id" = {bobs};
                """,
                connection,
                transaction);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        var logged = await LogAsync([bobs, carols, inserted.ToString(CultureInfo.InvariantCulture)]);
        logged.Where(r => r.ActorId == "ops").Select(r => (r.Action, r.EntityId, r.TenantId)).Should().BeEquivalentTo(
        [
            ("UPDATE", bobs, "tenant-bob"),
            ("UPDATE", carols, "tenant-carol"),
            ("CREATE", inserted.ToString(CultureInfo.InvariantCulture), "tenant-carol"),
            ("DELETE", bobs, (string?)"tenant-bob"),
        ]);

        await using var scope = _services.CreateScope("bob");
        (await scope.ServiceProvider.GetRequiredService<TenantNotesDb>().ActivityLog().Where(r => r.EntityId == carols && r.EntityType == nameof(TenantNote)).CountAsync())
            .Should().Be(0, "carol's row's history is not bob's tenant's");
    }

    /// <summary>Half of <paramref name="rows"/> notes saved by bob, half by carol; each note's key text and tenant.</summary>
    private async Task<Dictionary<string, string>> SeedAsync(int rows)
    {
        var tenantOf = new Dictionary<string, string>();
        foreach (var (actor, count) in new[] { ("bob", rows / 2), ("carol", rows - (rows / 2)) })
        {
            await using var scope = _services.CreateScope(actor);
            var db = scope.ServiceProvider.GetRequiredService<TenantNotesDb>();
            var notes = Enumerable.Range(0, count).Select(i => new TenantNote { Text = _tag + "-" + actor + "-" + i }).ToList();
            db.AddRange(notes);
            await db.SaveChangesAsync();
            notes.ForEach(n => tenantOf[n.Id.ToString(CultureInfo.InvariantCulture)] = "tenant-" + actor);
        }

        return tenantOf;
    }

    /// <summary>Every tenant's log rows of the notes <paramref name="ids"/>, read under a bypass.</summary>
    private async Task<List<ActivityLogEntry>> LogAsync(IEnumerable<string> ids)
    {
        var keys = ids.ToList();
        await using var scope = _services.CreateScope("alice");
        var db = scope.ServiceProvider.GetRequiredService<TenantNotesDb>();
        using var bypass = db.BeginTenantBypass("reading every tenant's log");
        return await db.ActivityLog().Where(r => r.EntityType == nameof(TenantNote) && keys.Contains(r.EntityId)).ToListAsync();
    }

    [MultiTenant]
    public sealed class TenantNote
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    public sealed class TenantNotesDb(DbContextOptions<TenantNotesDb> options) : DbContext(options)
    {
        public DbSet<TenantNote> Notes => Set<TenantNote>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<TenantNote>(b => b.ToTable("TenantNotes").HasTemporalHistory().HasActivityLog().HasDatabaseCapture());
    }
}
