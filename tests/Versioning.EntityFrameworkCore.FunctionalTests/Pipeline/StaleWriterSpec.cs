using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;
using static Versioning.EntityFrameworkCore.FunctionalTests.Pipeline.SaveAcceptanceSpec;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Pipeline;

/// <summary>
/// A stale writer (it loaded rows that another writer has changed since) gets EF's
/// <see cref="DbUpdateConcurrencyException"/> listing its entries, whatever the number of rows and whichever path
/// writes them (in the entity's statement, set-based, as EF entities), and writes nothing: no history, no revision.
/// Written once, run on every provider.
/// </summary>
public abstract class StaleWriterSpec : IDisposable
{
    private readonly TestStore _store;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly SpecContexts _contexts;

    protected StaleWriterSpec(TestStore store)
    {
        _store = store;
        _contexts = new SpecContexts(store, _clock, (services, options) => services.AddDbContext<NotesDb>(options));
    }

    public void Dispose() => _contexts.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public async Task A_stale_temporal_writer_gets_a_concurrency_exception_and_writes_no_history(int rows)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var seed = await _contexts.OpenAsync<NotesDb>("seed"))
        {
            seed.AddRange(Enumerable.Range(0, rows).Select(i => new TemporalNote { Name = $"{tag}-{i}" }));
            await seed.SaveChangesAsync();
        }

        var stale = await _contexts.OpenAsync<NotesDb>("stale");
        var staleNotes = await stale.TemporalNotes.Where(n => n.Name.StartsWith(tag)).ToListAsync();
        await using (var first = await _contexts.OpenAsync<NotesDb>("first"))
        {
            foreach (var note in await first.TemporalNotes.Where(n => n.Name.StartsWith(tag)).ToListAsync())
            {
                note.Name += "-first";
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
            await first.SaveChangesAsync();
        }

        staleNotes.ForEach(n => n.Name += "-stale");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var save = () => stale.SaveChangesAsync();

        (await save.Should().ThrowAsync<DbUpdateConcurrencyException>()).Which.Entries.Should().NotBeEmpty();
        staleNotes.Should().OnlyContain(n => (int)stale.Entry(n).Property("Version").CurrentValue! == 1, "the failed save was undone");
        await using var check = await _contexts.OpenAsync<NotesDb>();
        var all = await check.TemporalNotes.TemporalAll().Where(n => n.Name.StartsWith(tag)).Select(n => n.Name).ToListAsync();
        all.Should().HaveCount(2 * rows, "the seeded and the first writer's versions only").And.NotContain(n => n.EndsWith("-stale"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public async Task A_stale_audit_trail_writer_gets_a_concurrency_exception_and_writes_no_revision(int rows)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var seed = await _contexts.OpenAsync<NotesDb>("seed"))
        {
            seed.AddRange(Enumerable.Range(0, rows).Select(i => new AuditNote { Name = $"{tag}-{i}" }));
            await seed.SaveChangesAsync();
        }

        var stale = await _contexts.OpenAsync<NotesDb>("stale");
        var staleNotes = await stale.AuditNotes.Where(n => n.Name.StartsWith(tag)).ToListAsync();
        await using (var first = await _contexts.OpenAsync<NotesDb>("first"))
        {
            foreach (var note in await first.AuditNotes.Where(n => n.Name.StartsWith(tag)).ToListAsync())
            {
                note.Name += "-first";
            }

            await first.SaveChangesAsync();
        }

        staleNotes.ForEach(n => n.Name += "-stale");
        var save = () => stale.SaveChangesAsync();

        (await save.Should().ThrowAsync<DbUpdateConcurrencyException>()).Which.Entries.Should().NotBeEmpty();
        await using var check = await _contexts.OpenAsync<NotesDb>();
        var all = await check.AuditNotes.IgnoreQueryFilters().Where(n => n.Name.StartsWith(tag)).Select(n => n.Name).ToListAsync();
        all.Should().HaveCount(2 * rows, "the seeded and the first writer's revisions only").And.NotContain(n => n.EndsWith("-stale"));
    }

    /// <summary>
    /// The activity log, change stamps, soft delete and replace-on-update add no concurrency token of their own: a
    /// stale writer is found by the application's token, as in plain EF. Their set-based paths must check it too.
    /// </summary>
    [Theory]
    [MemberData(nameof(TokenCases))]
    public async Task A_stale_writer_found_by_an_application_token_gets_a_concurrency_exception_and_writes_nothing(string strategy, int rows)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var seed = await _contexts.OpenAsync<NotesDb>("seed"))
        {
            seed.AddRange(Enumerable.Range(0, rows).Select(i => NotesDb.NewTokenNote(strategy, $"{tag}-{i}")));
            await seed.SaveChangesAsync();
        }

        var stale = await _contexts.OpenAsync<NotesDb>("stale");
        var staleNotes = await stale.TokenNotes(strategy).Where(n => n.Name.StartsWith(tag)).ToListAsync();
        await using (var first = await _contexts.OpenAsync<NotesDb>("first"))
        {
            foreach (var note in await first.TokenNotes(strategy).Where(n => n.Name.StartsWith(tag)).ToListAsync())
            {
                (note.Name, note.Token) = (note.Name + "-first", Guid.NewGuid());
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
            await first.SaveChangesAsync();
        }

        if (strategy == "soft delete")
        {
            stale.RemoveRange(staleNotes);
        }
        else
        {
            staleNotes.ForEach(n => (n.Name, n.Token) = (n.Name + "-stale", Guid.NewGuid()));
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        var save = () => stale.SaveChangesAsync();

        (await save.Should().ThrowAsync<DbUpdateConcurrencyException>()).Which.Entries.Should().NotBeEmpty();
        await using var check = await _contexts.OpenAsync<NotesDb>();
        var stored = await check.TokenNotes(strategy).IgnoreQueryFilters().Where(n => n.Name.StartsWith(tag))
            .Select(n => new { n.Name, IsDeleted = strategy == "soft delete" || strategy == "replace on update" ? EF.Property<bool>(n, "IsDeleted") : false })
            .ToListAsync();
        stored.Should().NotContain(n => n.Name.EndsWith("-stale"));
        stored.Where(n => !n.IsDeleted).Should().HaveCount(rows, "the first writer's rows are current, none deleted by the stale writer")
            .And.OnlyContain(n => n.Name.EndsWith("-first"));
        if (strategy == "activity log")
        {
            var names = await check.ActivityLog().Where(a => a.EntityType == nameof(LoggedTokenNote) && a.Action == "UPDATE" && a.ChangedField == "Name" && a.NewValue!.StartsWith(tag))
                .Select(a => a.NewValue).ToListAsync();
            names.Should().HaveCount(rows, "the first writer's rename of each row, none of the stale writer").And.OnlyContain(n => n!.EndsWith("-first"));
        }

        if (strategy == "change stamps")
        {
            (await check.Set<StampedTokenNote>().Where(n => n.Name.StartsWith(tag)).Select(n => EF.Property<string>(n, "UpdatedBy")).ToListAsync())
                .Should().HaveCount(rows).And.OnlyContain(by => by == "first");
        }
    }

    public static TheoryData<string, int> TokenCases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var strategy in new[] { "activity log", "change stamps", "soft delete", "replace on update" })
        {
            foreach (var rows in new[] { 1, 9, 10, 100, 1000 })
            {
                cases.Add(strategy, rows);
            }
        }

        return cases;
    }

    [Fact]
    public async Task Concurrent_temporal_writers_over_many_rounds_leave_gapless_versions_and_adjoining_periods()
    {
        const int Rows = 10, Writers = 4, Rounds = 15;
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var seed = await _contexts.OpenAsync<NotesDb>("seed"))
        {
            seed.AddRange(Enumerable.Range(0, Rows).Select(i => new TemporalNote { Name = $"{tag}-{i}" }));
            await seed.SaveChangesAsync();
        }

        var saved = 0;
        async Task WriteAsync(int writer)
        {
            for (var round = 0; round < Rounds; round++)
            {
                await using var db = await _contexts.OpenAsync<NotesDb>($"writer-{writer}");
                foreach (var note in await db.TemporalNotes.Where(n => n.Name.StartsWith(tag)).ToListAsync())
                {
                    note.Name = $"{tag}-{note.Id}-w{writer}-r{round}";
                }

                _clock.Advance(TimeSpan.FromMilliseconds(1));
                try
                {
                    await db.SaveChangesAsync();
                    Interlocked.Increment(ref saved);
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Another writer was first: this round is lost, as EF's optimistic concurrency says.
                }
            }
        }

        var writers = Enumerable.Range(0, Writers).Select(WriteAsync);
        if (_store.SupportsConcurrentWrites)
        {
            await Task.WhenAll(writers);
        }
        else
        {
            foreach (var writer in writers)
            {
                await writer;
            }
        }

        saved.Should().BeGreaterThan(0);
        await using var check = await _contexts.OpenAsync<NotesDb>();
        foreach (var id in await check.TemporalNotes.Where(n => n.Name.StartsWith(tag)).Select(n => n.Id).ToListAsync())
        {
            var versions = (await check.TemporalNotes.HistoryAsync([id])).OrderBy(v => v.Version).ToList();
            versions.Select(v => v.Version).Should().Equal(Enumerable.Range(1, saved + 1), "one version per successful save, none lost or doubled");
            for (var v = 1; v < versions.Count; v++)
            {
                versions[v - 1].ValidTo.Should().Be(versions[v].ValidFrom, "each period ends where the next begins");
            }
        }
    }
}

public sealed class StaleWriterSqliteTest(SqliteTestStore store) : StaleWriterSpec(store), IClassFixture<SqliteTestStore>;

public sealed class StaleWriterPostgreSqlTest(PostgresTestStore store) : StaleWriterSpec(store), IClassFixture<PostgresTestStore>;
