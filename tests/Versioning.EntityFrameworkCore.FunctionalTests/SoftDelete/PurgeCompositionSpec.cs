using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.SoftDelete;

/// <summary>
/// Purge works on every soft-deletable entity, whatever else it keeps (seed temporal-event-tenant-migration: deleted
/// templates gone after 30 days). A purged row takes with it every copy of its values: its temporal history and its
/// audit trail's past revisions; the activity log keeps what it recorded (its own retention applies). Rows not due,
/// and other rows' history, stay. Written once, run on every provider.
/// </summary>
public abstract class PurgeCompositionSpec : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly SpecContexts _contexts;

    protected PurgeCompositionSpec(TestStore store)
        => _contexts = new SpecContexts(store, _clock, (services, options) => services.AddDbContext<RetentionDb>(options));

    public void Dispose() => _contexts.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Purge_removes_due_rows_with_their_history_and_past_revisions_and_keeps_the_rest(bool async)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        int[] due, kept;
        await using (var db = await _contexts.OpenAsync<RetentionDb>("alice"))
        {
            var drafts = Enumerable.Range(0, 4).Select(i => new TemporalDraft { Name = $"{tag}-{i}" }).ToList();
            var audited = Enumerable.Range(0, 4).Select(i => new AuditedDraft { Name = $"{tag}-{i}" }).ToList();
            var logged = Enumerable.Range(0, 4).Select(i => new LoggedDraft { Name = $"{tag}-{i}" }).ToList();
            db.AddRange(drafts);
            db.AddRange(audited);
            db.AddRange(logged);
            await db.SaveChangesAsync();

            drafts.ForEach(d => d.Name += "-v2");
            audited.ForEach(d => d.Name += "-v2");
            logged.ForEach(d => d.Name += "-v2");
            await db.SaveChangesAsync();

            // The first two of each kind are deleted now; the others stay.
            db.RemoveRange(drafts.Take(2));
            db.RemoveRange(audited.Take(2));
            db.RemoveRange(logged.Take(2));
            await db.SaveChangesAsync();
            due = [.. drafts.Take(2).Select(d => d.Id)];
            kept = [.. drafts.Skip(2).Select(d => d.Id)];
        }

        _clock.Advance(TimeSpan.FromDays(31));
        await using (var db = await _contexts.OpenAsync<RetentionDb>("purger"))
        {
            var counts = async ? await db.PurgeAsync() : db.Purge();
            counts[typeof(TemporalDraft).FullName!].Should().BeGreaterThanOrEqualTo(2);
        }

        await using var check = await _contexts.OpenAsync<RetentionDb>();
        var prefix = tag + "-";
        (await check.TemporalDrafts.IncludeDeleted().Where(d => d.Name.StartsWith(prefix)).Select(d => d.Id).ToListAsync())
            .Should().BeEquivalentTo(kept);
        var history = await check.TemporalDrafts.TemporalAll().Where(d => d.Name.StartsWith(prefix)).Select(d => d.Id).ToListAsync();
        history.Should().NotContain(due, "a purged row's history goes with it").And.HaveCount(2 * kept.Length, "the kept rows' versions stay");

        var revisions = await check.AuditedDrafts.IgnoreQueryFilters().Where(d => d.Name.StartsWith(prefix)).ToListAsync();
        revisions.Should().HaveCount(4, "two revisions of each of the two kept entities; the purged families are gone");

        (await check.LoggedDrafts.IncludeDeleted().CountAsync(d => d.Name.StartsWith(prefix))).Should().Be(2);
        (await check.ActivityLog().CountAsync(a => a.EntityType == nameof(LoggedDraft) && a.Action == "DELETE")).Should()
            .BeGreaterThanOrEqualTo(2, "the activity log keeps what it recorded");
    }

    public sealed class TemporalDraft
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class AuditedDraft
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class LoggedDraft
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class RetentionDb(DbContextOptions<RetentionDb> options) : DbContext(options)
    {
        public DbSet<TemporalDraft> TemporalDrafts => Set<TemporalDraft>();

        public DbSet<AuditedDraft> AuditedDrafts => Set<AuditedDraft>();

        public DbSet<LoggedDraft> LoggedDrafts => Set<LoggedDraft>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TemporalDraft>().HasTemporalHistory().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30)));
            modelBuilder.Entity<AuditedDraft>().HasAuditTrail().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30)));
            modelBuilder.Entity<LoggedDraft>().HasActivityLog().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30)));
        }
    }
}

public sealed class PurgeCompositionSqliteTest(SqliteTestStore store) : PurgeCompositionSpec(store), IClassFixture<SqliteTestStore>;

public sealed class PurgeCompositionPostgreSqlTest(PostgresTestStore store) : PurgeCompositionSpec(store), IClassFixture<PostgresTestStore>;
