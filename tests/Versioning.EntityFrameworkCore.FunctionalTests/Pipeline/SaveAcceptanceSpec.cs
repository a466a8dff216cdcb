using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Pipeline;

/// <summary>
/// The save's invariants, for every strategy at once, at 1, 10 and 1,000 rows (the set-based paths start at 10):
/// nothing is accepted before the database confirmed it, so <c>SaveChanges(acceptAllChangesOnSuccess: false)</c>
/// followed by a rollback and a retry writes every entity and every history and log row exactly once; nothing is
/// written after EF accepted the changes; an execution strategy's retry writes everything once. Each test then saves
/// one more change from the same tracked instances, which only comes out right if the tracker was left as EF would
/// leave it. Written once, run on every provider.
/// </summary>
public abstract class SaveAcceptanceSpec(TestStore store) : IDisposable
{
    private readonly SpecContexts _contexts = new(
        store, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)), (services, options) => services.AddDbContext<NotesDb>(options));

    public void Dispose() => _contexts.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task SaveChanges_false_then_rollback_then_retry_writes_everything_once(int rows)
    {
        var tag = await SeedAsync(rows);
        var db = await _contexts.OpenAsync<NotesDb>("bob");
        var notes = await ChangeAllAsync(db, tag, "v2");

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);
            await transaction.RollbackAsync();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);
            await transaction.CommitAsync();
        }

        db.ChangeTracker.AcceptAllChanges();
        await AssertWrittenOnceAsync(tag, rows, versions: 2);

        Change(db, notes, tag, "v3");
        await db.SaveChangesAsync();
        await AssertWrittenOnceAsync(tag, rows, versions: 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task SaveChanges_false_then_rollback_then_retry_writes_everything_once_synchronously(int rows)
    {
        var tag = await SeedAsync(rows);
        var db = await _contexts.OpenAsync<NotesDb>("bob");
        await ChangeAllAsync(db, tag, "v2");

        using (var transaction = db.Database.BeginTransaction())
        {
            db.SaveChanges(acceptAllChangesOnSuccess: false);
            transaction.Rollback();
        }

        using (var transaction = db.Database.BeginTransaction())
        {
            db.SaveChanges(acceptAllChangesOnSuccess: false);
            transaction.Commit();
        }

        db.ChangeTracker.AcceptAllChanges();
        await AssertWrittenOnceAsync(tag, rows, versions: 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task SaveChanges_false_then_AcceptAllChanges_leaves_the_tracker_as_a_save_that_accepts(int rows)
    {
        var tag = await SeedAsync(rows);
        var db = await _contexts.OpenAsync<NotesDb>("bob");
        var notes = await ChangeAllAsync(db, tag, "v2");

        await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);
        db.ChangeTracker.Entries().Should().Contain(e => e.State != EntityState.Unchanged, "nothing is accepted until the application says so");
        db.ChangeTracker.AcceptAllChanges();
        await AssertWrittenOnceAsync(tag, rows, versions: 2);

        Change(db, notes, tag, "v3");
        await db.SaveChangesAsync();
        await AssertWrittenOnceAsync(tag, rows, versions: 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task SaveChanges_false_reports_every_change_as_not_yet_accepted(int rows)
    {
        var tag = await SeedAsync(rows);
        var db = await _contexts.OpenAsync<NotesDb>("bob");
        await ChangeAllAsync(db, tag, "v2");
        var changed = db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).Select(e => e.Entity).ToList();

        await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);

        // EF leaves every entry it wrote as it was; so must Versioning's set-based writes, which stand for EF's commands.
        changed.Where(e => db.Entry(e).State == EntityState.Unchanged).Should().BeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_failed_save_leaves_the_tracker_exactly_as_the_application_left_it(int rows)
    {
        var tag = await SeedAsync(rows);
        var failure = new FailFirstAttempt();
        var db = await _contexts.OpenAsync<NotesDb>("bob", o => o.AddInterceptors(failure));
        await ChangeAllAsync(db, tag, "v2");
        var added = "x" + tag;
        db.AddRange(Enumerable.Range(0, rows).Select(i => new LoggedNote { Name = Name(added, i, "v1") }));
        db.AddRange(Enumerable.Range(0, rows).Select(i => new TemporalNote { Name = Name(added, i, "v1") }));
        var before = Snapshot(db);

        failure.Armed = true;
        var save = () => db.SaveChangesAsync();
        await save.Should().ThrowAsync<Exception>();

        failure.Failed.Should().BeTrue();
        Snapshot(db).Should().Equal(before, "every entry, state, value and modified flag as the application left them");
        await db.SaveChangesAsync();
        await AssertWrittenOnceAsync(tag, rows, versions: 2);
    }

    /// <summary>Every tracked entry: its entity, state, and each property's current and original value and modified flag.</summary>
    private static List<string> Snapshot(DbContext db)
        => [.. db.ChangeTracker.Entries().Select(e =>
            $"{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(e.Entity)} {e.Metadata.ShortName()} {e.State} "
            + string.Join(";", e.Properties.Select(p =>
                $"{p.Metadata.Name}={p.CurrentValue}/{(e.State == EntityState.Added ? "" : p.OriginalValue)}{(p.IsModified ? "*" : "")}")))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task SaveChanges_returns_what_plain_EF_returns_for_the_same_entities(int rows)
    {
        var tag = await SeedAsync(rows);
        var db = await _contexts.OpenAsync<NotesDb>("bob");
        var notes = await ChangeAllAsync(db, tag, "v2");

        // One per entity the application changed (six kinds of note), whatever rows Versioning wrote for them.
        (await db.SaveChangesAsync()).Should().Be(notes.Count);

        Change(db, notes, tag, "v3");
        db.SaveChanges().Should().Be(notes.Count(n => n is not SoftNote));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task An_execution_strategy_retry_writes_everything_once(int rows)
    {
        var tag = await SeedAsync(rows);
        var failure = new FailFirstAttempt();
        var db = await _contexts.OpenAsync<NotesDb>(
            "bob", o => o.ReplaceService<IExecutionStrategyFactory, RetryingStrategyFactory>().AddInterceptors(failure));
        var notes = await ChangeAllAsync(db, tag, "v2");

        failure.Armed = true;
        await db.SaveChangesAsync();

        failure.Failed.Should().BeTrue("the first attempt must have failed for the test to mean anything");
        await AssertWrittenOnceAsync(tag, rows, versions: 2);

        Change(db, notes, tag, "v3");
        await db.SaveChangesAsync();
        await AssertWrittenOnceAsync(tag, rows, versions: 3);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(10, true)]
    [InlineData(1000, true)]
    [InlineData(1, false)]
    [InlineData(10, false)]
    [InlineData(1000, false)]
    public async Task Log_rows_that_fail_fail_the_save_before_EF_accepts_anything(int rows, bool applicationTransaction)
    {
        // Inserted notes with database-generated keys: their log rows can only be written once EF has read the keys back.
        // The database refuses log rows with the scope's reason, so the first save fails in the log write.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var db = await _contexts.OpenAsync<NotesDb>("bob");
        await RefuseLogRowsWithDetailsAsync(InjectedFailure);
        var notes = Enumerable.Range(0, rows).Select(i => new LoggedNote { Name = Name(tag, i, "v1") }).ToList();
        db.AddRange(notes);

        var transaction = applicationTransaction ? await db.Database.BeginTransactionAsync() : null;
        using (db.BeginChangeScope(reason: InjectedFailure))
        {
            var save = () => db.SaveChangesAsync();
            (await save.Should().ThrowAsync<DbUpdateException>()).Which.InnerException.Should().BeAssignableTo<DbException>();
        }

        notes.Should().OnlyContain(n => db.Entry(n).State == EntityState.Added, "the save failed before EF accepted anything");
        if (transaction != null)
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            transaction = await db.Database.BeginTransactionAsync();
        }
        else
        {
            await using var between = await _contexts.OpenAsync<NotesDb>();
            (await between.LoggedNotes.CountAsync(n => n.Name.StartsWith(tag + "-"))).Should().Be(0, "EF's transaction rolled the notes back with their log rows");
        }

        await db.SaveChangesAsync();
        if (transaction != null)
        {
            await transaction.CommitAsync();
            await transaction.DisposeAsync();
        }

        await using var check = await _contexts.OpenAsync<NotesDb>();
        var ids = await check.LoggedNotes.Where(n => n.Name.StartsWith(tag + "-")).Select(n => n.Id.ToString()).ToListAsync();
        ids.Should().HaveCount(rows);
        var creates = await check.ActivityLog().Where(a => a.EntityType == nameof(LoggedNote) && a.Action == "CREATE").Select(a => a.EntityId).ToListAsync();
        creates.Where(ids.Contains).Should().HaveCount(rows, "one CREATE row per note, written by the retry").And.OnlyHaveUniqueItems();
    }

    private const string InjectedFailure = "injected failure";

    private Task RefuseLogRowsWithDetailsAsync(string details)
        => store.ProviderName == "PostgreSQL"
            ? store.ExecuteAsync($$"""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ActivityLogs_refused') THEN
                        ALTER TABLE "ActivityLogs" ADD CONSTRAINT "ActivityLogs_refused" CHECK ("Details" IS DISTINCT FROM '{{details}}');
                    END IF;
                END $$
                """)
            : store.ExecuteAsync($"""
                CREATE TRIGGER IF NOT EXISTS "ActivityLogs_refused" BEFORE INSERT ON "ActivityLogs"
                WHEN NEW."Details" = '{details}' BEGIN SELECT RAISE(ABORT, 'refused'); END
                """);

    private async Task<string> SeedAsync(int rows)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await _contexts.OpenAsync<NotesDb>("alice");
        for (var i = 0; i < rows; i++)
        {
            var name = Name(tag, i, "v1");
            db.AddRange(
                new TemporalNote { Name = name },
                new AuditNote { Name = name },
                new LoggedNote { Name = name },
                new StampedNote { Name = name },
                new ReplacedNote { Name = name },
                new SoftNote { Name = name },
                new EventNote { Name = name });
        }

        await db.SaveChangesAsync();
        return tag;
    }

    /// <summary>Loads the run's notes and changes them; returns the instances, which the application keeps using.</summary>
    private static async Task<List<Note>> ChangeAllAsync(NotesDb db, string tag, string version)
    {
        var prefix = tag + "-";
        await db.TemporalNotes.Where(n => n.Name.StartsWith(prefix)).LoadAsync();
        await db.AuditNotes.Where(n => n.Name.StartsWith(prefix)).LoadAsync();
        await db.LoggedNotes.Where(n => n.Name.StartsWith(prefix)).LoadAsync();
        await db.StampedNotes.Where(n => n.Name.StartsWith(prefix)).LoadAsync();
        await db.ReplacedNotes.Where(n => n.Name.StartsWith(prefix)).LoadAsync();
        await db.SoftNotes.Where(n => n.Name.StartsWith(prefix)).LoadAsync();
        await db.EventNotes.Where(n => n.Name.StartsWith(prefix)).LoadAsync();
        var notes = db.ChangeTracker.Entries<Note>().Select(e => e.Entity).ToList();
        Change(db, notes, tag, version);
        return notes;
    }

    /// <summary>
    /// Renames the application's notes (soft-deletable ones are deleted instead, once). Not every tracked note: the
    /// rows a replacement retired stay tracked under their old keys, and are history.
    /// </summary>
    private static void Change(NotesDb db, List<Note> notes, string tag, string version)
    {
        foreach (var note in notes)
        {
            if (note is SoftNote)
            {
                if (version == "v2")
                {
                    db.Remove(note);
                }

                continue;
            }

            note.Name = Name(tag, int.Parse(note.Name.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture), version);
        }
    }

    private static string Name(string tag, int i, string version) => $"{tag}-{i}-{version}";

    /// <summary>Reads back, in a fresh context, what every strategy wrote for the run's notes after <paramref name="versions"/> versions.</summary>
    private async Task AssertWrittenOnceAsync(string tag, int rows, int versions)
    {
        var prefix = tag + "-";
        var current = $"-v{versions}";
        await using var db = await _contexts.OpenAsync<NotesDb>();

        var temporal = await db.TemporalNotes.TemporalAll().Where(n => n.Name.StartsWith(prefix)).Select(n => n.Name).ToListAsync();
        temporal.Should().HaveCount(rows * versions, "every version of every temporal note, once");
        (await db.TemporalNotes.CountAsync(n => n.Name.StartsWith(prefix) && n.Name.EndsWith(current)))
            .Should().Be(rows, "every temporal note has its newest values");
        (await db.TemporalNotes.CountAsync(n => n.Name.StartsWith(prefix) && EF.Property<int>(n, "Version") == versions))
            .Should().Be(rows, "every temporal note is at its version " + versions);

        var revisions = await db.AuditNotes.IgnoreQueryFilters().Where(n => n.Name.StartsWith(prefix))
            .Select(n => new { n.Name, Revision = EF.Property<int>(n, "Revision"), IsCurrent = EF.Property<bool>(n, "IsCurrent") })
            .ToListAsync();
        revisions.Should().HaveCount(rows * versions, "one revision per version of every audited note");
        revisions.Where(r => r.IsCurrent).Should().HaveCount(rows).And.OnlyContain(
            r => r.Revision == versions && r.Name.EndsWith(current), "the current revision of every audited note is the newest");

        // Audited notes are logged too: one UPDATE row per new revision, under the family's key (its first revision's).
        var families = await db.AuditNotes.IgnoreQueryFilters()
            .Where(n => n.Name.StartsWith(prefix) && EF.Property<int>(n, "Revision") == 1).Select(n => n.Id.ToString()).ToListAsync();
        var auditLog = await db.ActivityLog().Where(a => a.EntityType == nameof(AuditNote) && a.NewValue!.StartsWith(prefix)).ToListAsync();
        auditLog.Where(a => a.Action == "UPDATE").Should().HaveCount(rows * (versions - 1), "one row per new revision of every audited note")
            .And.OnlyHaveUniqueItems(a => a.EntityId + a.NewValue)
            .And.OnlyContain(a => a.ActorId == "bob" && families.Contains(a.EntityId) && a.Details!.StartsWith("revision "));

        var logged = await db.LoggedNotes.Where(n => n.Name.StartsWith(prefix)).Select(n => n.Id.ToString()).ToListAsync();
        logged.Should().HaveCount(rows);
        (await db.LoggedNotes.CountAsync(n => n.Name.StartsWith(prefix) && n.Name.EndsWith(current))).Should().Be(rows);
        var log = await db.ActivityLog().Where(a => a.EntityType == nameof(LoggedNote) && a.NewValue!.StartsWith(prefix)).ToListAsync();
        log.Where(a => a.Action == "UPDATE").Should().HaveCount(rows * (versions - 1), "one row per update of every logged note")
            .And.OnlyHaveUniqueItems(a => a.EntityId + a.NewValue)
            .And.OnlyContain(a => a.ActorId == "bob" && logged.Contains(a.EntityId));

        (await db.StampedNotes.CountAsync(n => n.Name.StartsWith(prefix) && n.Name.EndsWith(current) && EF.Property<string>(n, "UpdatedBy") == "bob"))
            .Should().Be(rows, "every stamped note has its newest values and stamps");

        var replaced = await db.ReplacedNotes.IgnoreQueryFilters().Where(n => n.Name.StartsWith(prefix))
            .Select(n => new { n.Name, IsDeleted = EF.Property<bool>(n, "IsDeleted") })
            .ToListAsync();
        replaced.Should().HaveCount(rows * versions, "one record per version of every replaced note");
        replaced.Where(r => !r.IsDeleted).Should().HaveCount(rows).And.OnlyContain(r => r.Name.EndsWith(current));

        // Replaced notes are logged too: one UPDATE row per replacement, under the replaced record, naming the new one.
        var records = await db.ReplacedNotes.IgnoreQueryFilters().Where(n => n.Name.StartsWith(prefix)).Select(n => n.Id.ToString()).ToListAsync();
        var replacedLog = await db.ActivityLog().Where(a => a.EntityType == nameof(ReplacedNote) && a.Action == "UPDATE" && a.NewValue!.StartsWith(prefix)).ToListAsync();
        replacedLog.Should().HaveCount(rows * (versions - 1), "one row per replacement of every replaced note")
            .And.OnlyHaveUniqueItems(a => a.EntityId)
            .And.OnlyContain(a => a.ActorId == "bob" && records.Contains(a.EntityId) && records.Contains(a.Details!.Replace("replaced by key ", "")));

        (await db.SoftNotes.CountAsync(n => n.Name.StartsWith(prefix))).Should().Be(0, "every soft-deletable note was deleted");
        (await db.SoftNotes.IgnoreQueryFilters().CountAsync(n => n.Name.StartsWith(prefix) && EF.Property<string>(n, "DeletedBy") == "bob"))
            .Should().Be(rows);

        await AssertEventsOnceAsync(db, prefix, rows, versions, "bob");
    }

    /// <summary>
    /// Every event note's stream holds one event per version, gapless from 1 (Created by alice, then Updated by
    /// <paramref name="actor"/>), and the note's stream version is the last one.
    /// </summary>
    internal static async Task AssertEventsOnceAsync(NotesDb db, string prefix, int rows, int versions, string actor)
    {
        var notes = await db.EventNotes.Where(n => n.Name.StartsWith(prefix))
            .Select(n => new { Id = n.Id.ToString(), Version = EF.Property<long>(n, "StreamVersion") }).ToListAsync();
        notes.Should().HaveCount(rows).And.OnlyContain(n => n.Version == versions, "each note's stream version is its last event's");
        var ids = notes.Select(n => n.Id).ToList();
        var events = await db.ChangeEvents().Where(e => e.StreamType == nameof(EventNote) && ids.Contains(e.StreamId)).ToListAsync();
        events.Should().HaveCount(rows * versions, "one event per version of every event note, once").And.OnlyHaveUniqueItems(e => e.StreamId + "/" + e.StreamVersion);
        events.Where(e => e.StreamVersion > 1).Should().OnlyContain(e => e.Kind == ChangeEventKinds.Updated && e.ActorId == actor);
        events.Where(e => e.StreamVersion == 1).Should().HaveCount(rows).And.OnlyContain(e => e.Kind == ChangeEventKinds.Created);
        events.Should().OnlyContain(e => e.StreamVersion >= 1 && e.StreamVersion <= versions);
    }

    /// <summary>What every note has; not mapped itself, so each note type has a table of its own.</summary>
    public abstract class Note
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class TemporalNote : Note;

    public sealed class AuditNote : Note;

    public sealed class LoggedNote : Note;

    public sealed class StampedNote : Note;

    public sealed class ReplacedNote : Note;

    public sealed class SoftNote : Note;

    public sealed class EventNote : Note;

    public abstract class TokenNote
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        /// <summary>The application's concurrency token, a new value on every change (EF's pattern without row versions).</summary>
        public Guid Token { get; set; } = Guid.NewGuid();
    }

    public sealed class LoggedTokenNote : TokenNote;

    public sealed class StampedTokenNote : TokenNote;

    public sealed class SoftTokenNote : TokenNote;

    public sealed class ReplacedTokenNote : TokenNote;

    public sealed class NotesDb(DbContextOptions<NotesDb> options) : DbContext(options)
    {
        public DbSet<TemporalNote> TemporalNotes => Set<TemporalNote>();

        public DbSet<AuditNote> AuditNotes => Set<AuditNote>();

        public DbSet<LoggedNote> LoggedNotes => Set<LoggedNote>();

        public DbSet<StampedNote> StampedNotes => Set<StampedNote>();

        public DbSet<ReplacedNote> ReplacedNotes => Set<ReplacedNote>();

        public DbSet<SoftNote> SoftNotes => Set<SoftNote>();

        public DbSet<EventNote> EventNotes => Set<EventNote>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TemporalNote>().HasTemporalHistory();
            modelBuilder.Entity<AuditNote>().HasAuditTrail().HasActivityLog();
            modelBuilder.Entity<LoggedNote>().HasActivityLog();
            modelBuilder.Entity<StampedNote>().HasChangeStamps();
            modelBuilder.Entity<ReplacedNote>().HasSoftDelete(s => s.ReplaceOnUpdate()).HasActivityLog();
            modelBuilder.Entity<SoftNote>().HasSoftDelete();
            modelBuilder.Entity<EventNote>().HasChangeEvents();
            modelBuilder.Entity<LoggedTokenNote>().HasActivityLog().Property(n => n.Token).IsConcurrencyToken();
            modelBuilder.Entity<StampedTokenNote>().HasChangeStamps().Property(n => n.Token).IsConcurrencyToken();
            modelBuilder.Entity<SoftTokenNote>().HasSoftDelete().Property(n => n.Token).IsConcurrencyToken();
            modelBuilder.Entity<ReplacedTokenNote>().HasSoftDelete(s => s.ReplaceOnUpdate()).Property(n => n.Token).IsConcurrencyToken();
        }

        public static TokenNote NewTokenNote(string strategy, string name) => strategy switch
        {
            "activity log" => new LoggedTokenNote { Name = name },
            "change stamps" => new StampedTokenNote { Name = name },
            "soft delete" => new SoftTokenNote { Name = name },
            _ => new ReplacedTokenNote { Name = name },
        };

        /// <summary>The notes with an application concurrency token that use <paramref name="strategy"/>.</summary>
        public IQueryable<TokenNote> TokenNotes(string strategy) => strategy switch
        {
            "activity log" => Set<LoggedTokenNote>(),
            "change stamps" => Set<StampedTokenNote>(),
            "soft delete" => Set<SoftTokenNote>(),
            _ => Set<ReplacedTokenNote>(),
        };
    }
}

public sealed class SaveAcceptanceSqliteTest(SqliteTestStore store) : SaveAcceptanceSpec(store), IClassFixture<SqliteTestStore>;

public sealed class SaveAcceptancePostgreSqlTest(PostgresTestStore store) : SaveAcceptanceSpec(store), IClassFixture<PostgresTestStore>;
