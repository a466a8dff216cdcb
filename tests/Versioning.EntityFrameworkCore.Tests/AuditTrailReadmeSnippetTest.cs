using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>
/// The README's audit-trail snippet, verbatim where it is code a user would write, compiled and run here so that the
/// README cannot drift from the API. Keep the two in sync (the integrator folds this into <see cref="ReadmeSnippetsTest"/>).
/// </summary>
public sealed class AuditTrailReadmeSnippetTest : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public AuditTrailReadmeSnippetTest() => _connection.Open();

    [Fact]
    public async Task Audit_trail_snippet_works_as_written()
    {
        var services = new ServiceCollection();
        services.AddDbContext<RegistryDb>(o => o.UseSqlite(_connection).UseVersioning());
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDb>();
        await db.Database.EnsureCreatedAsync();
        var acme = new LegalEntity { Name = "Acme GmbH" };
        db.Add(acme);
        await db.SaveChangesAsync();
        var anyRevisionId = acme.Id;

        // README snippet starts here.
        var entity = await db.LegalEntities.CurrentRevisionAsync(anyRevisionId);   // from any revision's key
        entity!.Name = "Acme AG";
        await db.SaveChangesAsync();          // old row kept (IsCurrent = false), new row inserted: entity.Id is its key

        var history = await db.LegalEntities.Revisions(entity.Id).ToListAsync();  // newest first
        var second = await db.LegalEntities.AtRevisionAsync(entity.Id, 2);        // null when there is no revision 2
        await db.RestoreRevisionAsync(entity, 1);                                  // revision 1's values...
        await db.SaveChangesAsync();                                               // ...written as revision 3
        var revision = db.Entry(entity).Versioning().Revision;                     // 3 (shadow or CLR property)
        // README snippet ends here.

        history.Should().HaveCount(2).And.StartWith(entity, "history is tracked: the current revision is the application's instance");
        history[1].Name.Should().Be("Acme GmbH");
        second.Should().BeSameAs(entity, "revision 2 was the current revision, tracked as the application's instance");
        (entity.Name, revision).Should().Be(("Acme GmbH", 3));
        (await db.LegalEntities.CountAsync()).Should().Be(1, "the query filter shows current revisions only");
    }

    [Fact]
    public async Task Audit_trail_with_activity_log_snippet_works_as_written()
    {
        var services = new ServiceCollection();
        services.AddDbContext<ContractsDb>(o => o.UseSqlite(_connection).UseVersioning());
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContractsDb>();
        await db.Database.EnsureCreatedAsync();
        var contract = new Contract { Status = "draft" };
        db.Add(contract);
        await db.SaveChangesAsync();
        var familyId = contract.Id;
        contract.Status = "signed";
        await db.SaveChangesAsync();

        // README snippet starts here.
        var log = await db.ActivityLog().For<Contract>(familyId).ToListAsync();   // CREATE … (revision 1), STATUS_CHANGE (revision 3)…
        // README snippet ends here.

        log.Select(l => (l.Action, l.Details)).Should().BeEquivalentTo([("CREATE", "revision 1"), ("STATUS_CHANGE", "revision 2")]);
        contract.Id.Should().NotBe(familyId, "the instance is revision 2, under a new key");
    }

    public void Dispose() => _connection.Dispose();

    public class Contract
    {
        public int Id { get; set; }

        public string Status { get; set; } = "";
    }

    public class ContractsDb(DbContextOptions<ContractsDb> options) : DbContext(options)
    {
        public DbSet<Contract> Contracts => Set<Contract>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Contract>().HasAuditTrail().HasActivityLog(log => log.Track(c => c.Status, "STATUS_CHANGE"));
    }

    public class LegalEntity
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public class RegistryDb(DbContextOptions<RegistryDb> options) : DbContext(options)
    {
        public DbSet<LegalEntity> LegalEntities => Set<LegalEntity>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<LegalEntity>().HasAuditTrail();   // or [AuditTrail] on the class
    }
}
