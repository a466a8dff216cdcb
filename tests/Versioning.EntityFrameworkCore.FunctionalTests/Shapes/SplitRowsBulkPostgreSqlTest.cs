using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Shapes;

/// <summary>
/// A bulk statement on a logged type whose rows span two tables (a derived type mapped table per type, an entity split
/// over two tables) is refused with a clear error before it runs, and changes nothing; on the base type of a
/// table-per-type hierarchy, whose columns are one table, it writes its log rows in the statement.
/// </summary>
public sealed class SplitRowsBulkPostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IDisposable
{
    private readonly SpecContexts _contexts = new(
        store, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)), (services, options) => services.AddDbContext<NotesDb>(options));

    public void Dispose() => _contexts.Dispose();

    [Fact]
    public async Task ExecuteUpdate_and_ExecuteDelete_of_rows_in_two_tables_are_refused_and_change_nothing()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var seed = await _contexts.OpenAsync<NotesDb>("alice"))
        {
            seed.AddRange(new Memo { Name = tag + "-memo", Pages = 1 }, new SplitNote { Name = tag + "-split", Pages = 1 });
            await seed.SaveChangesAsync();
        }

        await using var db = await _contexts.OpenAsync<NotesDb>("bob");
        var memo = () => db.Set<Memo>().Where(m => m.Name.StartsWith(tag)).ExecuteUpdateAsync(s => s.SetProperty(m => m.Pages, 2));
        var split = () => db.Set<SplitNote>().Where(m => m.Name.StartsWith(tag)).ExecuteUpdateAsync(s => s.SetProperty(m => m.Name, m => m.Name + "!"));
        var delete = () => db.Set<Memo>().Where(m => m.Name.StartsWith(tag)).ExecuteDeleteAsync();

        (await memo.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate on 'Memo' cannot write its history*more than one table*");
        (await split.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate on 'SplitNote' cannot write its history*more than one table*");
        (await delete.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteDelete on 'Memo' cannot write its history*more than one table*");
        (await db.Set<Memo>().AsNoTracking().SingleAsync(m => m.Name.StartsWith(tag))).Pages.Should().Be(1);
        (await db.Set<SplitNote>().AsNoTracking().CountAsync(m => m.Name.StartsWith(tag) && m.Name.EndsWith("!"))).Should().Be(0);
    }

    [Fact]
    public async Task ExecuteUpdate_of_the_base_types_columns_through_the_base_type_is_logged_in_the_statement()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        int id;
        await using (var seed = await _contexts.OpenAsync<NotesDb>("alice"))
        {
            var memo = new Memo { Name = tag + "-memo", Pages = 1 };
            seed.Add(memo);
            await seed.SaveChangesAsync();
            id = memo.Id;
        }

        await using var db = await _contexts.OpenAsync<NotesDb>("bob");
        (await db.Set<Note>().Where(m => m.Name.StartsWith(tag)).ExecuteUpdateAsync(s => s.SetProperty(m => m.Name, m => m.Name + "!"))).Should().Be(1);

        var log = await db.ActivityLog().Where(a => a.EntityId == id.ToString() && a.Action == "UPDATE").ToListAsync();
        log.Should().ContainSingle().Which.Should().BeEquivalentTo(new { EntityType = nameof(Note), ChangedField = "Name", OldValue = tag + "-memo", NewValue = tag + "-memo!", ActorId = "bob" });
    }

    public abstract class Note
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class Memo : Note
    {
        public int Pages { get; set; }
    }

    public sealed class SplitNote
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public int Pages { get; set; }
    }

    public sealed class NotesDb(DbContextOptions<NotesDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Note>().UseTptMappingStrategy().HasActivityLog();
            modelBuilder.Entity<Memo>();
            modelBuilder.Entity<SplitNote>(b => b.ToTable("SplitNotes").SplitToTable("SplitNotePages", t => t.Property(n => n.Pages)).HasActivityLog());
        }
    }
}
