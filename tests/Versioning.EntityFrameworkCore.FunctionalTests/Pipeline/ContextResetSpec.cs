using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Pipeline;

/// <summary>
/// What Versioning keeps for a context (the open change scope, queued manual activities, the save in progress) is reset
/// by EF with the context: a pooled context returned to the pool starts its next lease clean, whatever the previous
/// lease left behind. Written once, run on every provider.
/// </summary>
public abstract class ContextResetSpec(TestStore store) : IAsyncLifetime
{
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        // One context in the pool, so the second lease is the first one's instance.
        _services = new ServiceCollection()
            .AddPooledDbContextFactory<TicketDb>(o => store.UseProvider(o), poolSize: 1)
            .AddVersioning()
            .BuildServiceProvider();
        await using var db = await Factory.CreateDbContextAsync();
        await store.EnsureTablesAsync(db);
    }

    public async Task DisposeAsync()
    {
        if (_services != null)
        {
            await _services.DisposeAsync();
        }
    }

    private IDbContextFactory<TicketDb> Factory => _services!.GetRequiredService<IDbContextFactory<TicketDb>>();

    [Fact]
    public async Task A_pooled_context_starts_its_next_lease_without_the_previous_leases_scope_or_queued_activities()
    {
        var title = "t-" + Guid.NewGuid().ToString("N");
        TicketDb first;
        await using (first = await Factory.CreateDbContextAsync())
        {
            // A request that fails before it saves: its scope is never disposed, its activity never written.
            var scope = first.BeginChangeScope(reason: "first lease", actor: "first-lease-actor");
            first.LogActivity(new Ticket { Id = -1, Title = "never saved" }, "FIRST_LEASE");
            _ = scope;
        }

        await using (var second = await Factory.CreateDbContextAsync())
        {
            second.Should().BeSameAs(first, "the pool holds one context");
            second.Tickets.Add(new Ticket { Title = title });
            await second.SaveChangesAsync();
        }

        await using var db = await Factory.CreateDbContextAsync();
        var id = await db.Tickets.Where(t => t.Title == title).Select(t => t.Id).SingleAsync();
        var log = await db.ActivityLog().ToListAsync();
        log.Should().NotContain(r => r.Action == "FIRST_LEASE", "the activity was queued by the previous lease");
        var create = log.Should().ContainSingle(r => r.Action == "CREATE" && r.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Subject;
        create.ActorId.Should().BeNull("the previous lease's scope must not name the actor of this one");
        create.Details.Should().BeNull("nor give its reason");
    }

    public sealed class Ticket
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";
    }

    public sealed class TicketDb(DbContextOptions<TicketDb> options) : DbContext(options)
    {
        public DbSet<Ticket> Tickets => Set<Ticket>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Ticket>().HasActivityLog();
    }
}

public sealed class ContextResetSqliteTest(SqliteTestStore store) : ContextResetSpec(store), IClassFixture<SqliteTestStore>;

public sealed class ContextResetPostgreSqlTest(PostgresTestStore store) : ContextResetSpec(store), IClassFixture<PostgresTestStore>;
