using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Shapes;

/// <summary>
/// Deleting an unversioned principal never deletes versioned dependents behind the pipeline's back: their foreign keys
/// cascade in EF only, so loaded dependents are deleted through the pipeline (and versioned), and the database refuses
/// a delete that would take rows it was not shown. Written once, run on every provider.
/// </summary>
public abstract class CascadeSpec : IDisposable
{
    private readonly SpecContexts _contexts;

    protected CascadeSpec(TestStore store)
        => _contexts = new SpecContexts(
            store, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)), (services, options) => services.AddDbContext<FoldersDb>(options));

    public void Dispose() => _contexts.Dispose();

    public static TheoryData<string> Strategies() => ["temporal history", "audit trail", "activity log", "soft delete"];

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Deleting_a_principal_whose_versioned_dependents_are_not_loaded_fails_and_keeps_them(string strategy)
    {
        var (folderId, tag) = await SeedAsync(strategy);
        await using (var db = await _contexts.OpenAsync<FoldersDb>("bob"))
        {
            db.Folders.Remove(await db.Folders.SingleAsync(f => f.Id == folderId));
            var save = () => db.SaveChangesAsync();

            await save.Should().ThrowAsync<DbUpdateException>();
        }

        await using var check = await _contexts.OpenAsync<FoldersDb>();
        (await check.Folders.CountAsync(f => f.Id == folderId)).Should().Be(1);
        (await check.Documents(strategy).IgnoreQueryFilters().CountAsync(d => d.Title.StartsWith(tag))).Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task ExecuteDelete_of_principals_with_versioned_dependents_fails_and_keeps_them(string strategy)
    {
        var (folderId, tag) = await SeedAsync(strategy);
        await using (var db = await _contexts.OpenAsync<FoldersDb>("bob"))
        {
            var delete = () => db.Folders.Where(f => f.Id == folderId).ExecuteDeleteAsync();

            await delete.Should().ThrowAsync<Exception>();
        }

        await using var check = await _contexts.OpenAsync<FoldersDb>();
        (await check.Documents(strategy).IgnoreQueryFilters().CountAsync(d => d.Title.StartsWith(tag))).Should().Be(3);
    }

    [Fact]
    public async Task Deleting_a_principal_with_loaded_temporal_and_logged_dependents_versions_their_deletes()
    {
        var (temporalFolder, temporalTag) = await SeedAsync("temporal history");
        var (loggedFolder, loggedTag) = await SeedAsync("activity log");
        await using (var db = await _contexts.OpenAsync<FoldersDb>("bob"))
        {
            db.Folders.RemoveRange(await db.Folders.Where(f => f.Id == temporalFolder || f.Id == loggedFolder)
                .Include(f => f.TemporalDocuments).Include(f => f.LoggedDocuments).ToListAsync());
            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<FoldersDb>();
        (await check.Folders.CountAsync(f => f.Id == temporalFolder || f.Id == loggedFolder)).Should().Be(0);
        (await check.Set<TemporalDocument>().TemporalAll().CountAsync(d => d.Title.StartsWith(temporalTag))).Should().Be(3, "each deleted document keeps its last version");
        var deletes = await check.ActivityLog().Where(a => a.EntityType == nameof(LoggedDocument) && a.Action == "DELETE" && a.ActorId == "bob").CountAsync();
        deletes.Should().BeGreaterThanOrEqualTo(3);
        (await check.Set<LoggedDocument>().CountAsync(d => d.Title.StartsWith(loggedTag))).Should().Be(0);
    }

    private async Task<(int FolderId, string Tag)> SeedAsync(string strategy)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await _contexts.OpenAsync<FoldersDb>("alice");
        var folder = new Folder { Name = tag };
        for (var i = 0; i < 3; i++)
        {
            var title = $"{tag}-{i}";
            switch (strategy)
            {
                case "temporal history": folder.TemporalDocuments.Add(new TemporalDocument { Title = title }); break;
                case "audit trail": folder.AuditedDocuments.Add(new AuditedDocument { Title = title }); break;
                case "activity log": folder.LoggedDocuments.Add(new LoggedDocument { Title = title }); break;
                default: folder.SoftDocuments.Add(new SoftDocument { Title = title }); break;
            }
        }

        db.Folders.Add(folder);
        await db.SaveChangesAsync();
        return (folder.Id, tag);
    }

    public sealed class Folder
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public List<TemporalDocument> TemporalDocuments { get; } = [];

        public List<AuditedDocument> AuditedDocuments { get; } = [];

        public List<LoggedDocument> LoggedDocuments { get; } = [];

        public List<SoftDocument> SoftDocuments { get; } = [];
    }

    public abstract class Document
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public int FolderId { get; set; }
    }

    public sealed class TemporalDocument : Document;

    public sealed class AuditedDocument : Document;

    public sealed class LoggedDocument : Document;

    public sealed class SoftDocument : Document;

    public sealed class FoldersDb(DbContextOptions<FoldersDb> options) : DbContext(options)
    {
        public DbSet<Folder> Folders => Set<Folder>();

        public IQueryable<Document> Documents(string strategy) => strategy switch
        {
            "temporal history" => Set<TemporalDocument>(),
            "audit trail" => Set<AuditedDocument>(),
            "activity log" => Set<LoggedDocument>(),
            _ => Set<SoftDocument>(),
        };

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TemporalDocument>().HasTemporalHistory();
            modelBuilder.Entity<AuditedDocument>().HasAuditTrail();
            modelBuilder.Entity<LoggedDocument>().HasActivityLog();
            modelBuilder.Entity<SoftDocument>().HasSoftDelete();
        }
    }
}

public sealed class CascadeSqliteTest(SqliteTestStore store) : CascadeSpec(store), IClassFixture<SqliteTestStore>;

public sealed class CascadePostgreSqlTest(PostgresTestStore store) : CascadeSpec(store), IClassFixture<PostgresTestStore>;
