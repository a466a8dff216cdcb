using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>The README's snippet of a copy a client sent back, saved with <c>Update</c>, verbatim. Keep the two in sync.</summary>
public sealed class ReadmeSentCopySnippetTest : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ReadmeSentCopySnippetTest() => _connection.Open();

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task A_sent_copy_saved_with_Update_leaves_the_stored_values_in_history_and_the_log()
    {
        var options = new DbContextOptionsBuilder<WikiDb>().UseSqlite(_connection).UseVersioning().Options;
        int id;
        await using (var db = new WikiDb(options))
        {
            await db.Database.EnsureCreatedAsync();
            var page = new Page { Title = "Home", Body = "stored" };
            db.Add(page);
            await db.SaveChangesAsync();
            id = page.Id;
        }

        await using (var db = new WikiDb(options))
        {
            await Pages.SaveSentCopyAsync(db, new Page { Id = id, Title = "Home", Body = "sent", Version = 1 });
        }

        await using var check = new WikiDb(options);
        (await check.Pages.TemporalAll().Where(p => p.Id == id).OrderBy(p => p.Version).Select(p => p.Body).ToListAsync()).Should().Equal("stored", "sent");
        (await check.ActivityLog().For<Page>(id).Where(a => a.Action == "UPDATE").Select(a => a.ChangedField + ":" + a.OldValue + ">" + a.NewValue).ToListAsync())
            .Should().Equal("Body:stored>sent");
    }

    public static class Pages
    {
        public static async Task SaveSentCopyAsync(WikiDb db, Page sent)   // the copy a client sent back, not tracked
        {
            db.Update(sent);               // EF marks every property modified and knows no original values
            await db.SaveChangesAsync();   // history, log and events get the stored values; Version must be the one read
        }
    }

    public sealed class Page
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public string Body { get; set; } = "";

        public int Version { get; set; }
    }

    public sealed class WikiDb(DbContextOptions<WikiDb> options) : DbContext(options)
    {
        public DbSet<Page> Pages => Set<Page>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Page>().HasTemporalHistory().HasActivityLog();
    }
}
