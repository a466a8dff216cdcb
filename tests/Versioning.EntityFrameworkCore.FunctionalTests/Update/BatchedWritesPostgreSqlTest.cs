using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Update;

/// <summary>
/// On PostgreSQL, history and log rows are written by EF's own command batch: a one-entity save stays one
/// statement without a transaction, like plain EF, and a large one adds one set-based insert per table to EF's batch.
/// Checked on an entity with temporal history, soft delete and an activity log at once, by recording every command.
/// The soft delete of many rows of a plain soft-deletable table is one set-based UPDATE in EF's batch.
/// </summary>
public sealed class BatchedWritesPostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private readonly SaveCommandRecorder _commands = new();
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddDbContext<NotesDb>(o => store.UseProvider(o).AddInterceptors(_commands))
            .AddVersioning()
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<NotesDb>());
    }

    public async Task DisposeAsync()
    {
        if (_services != null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_one_entity_update_writes_its_history_and_log_rows_in_its_own_statement_without_a_transaction()
    {
        var id = (await NewNotesAsync(1))[0];
        await using (var db = Open())
        {
            var note = await db.Notes.SingleAsync(n => n.Id == id);
            note.Title = "renamed";
            note.Body = "rewritten";
            _commands.Clear();
            await db.SaveChangesAsync();
        }

        var command = _commands.Saved.Should().ContainSingle("the history and log rows ride in the UPDATE").Subject;
        command.InTransaction.Should().BeFalse("one statement is atomic by itself, as in plain EF");
        (await CountAsync("NoteHistory", id)).Should().Be(1);
        (await LogCountAsync(id, "UPDATE")).Should().Be(2);
    }

    [Fact]
    public async Task A_synchronous_one_entity_delete_is_one_statement_too()
    {
        var id = (await NewNotesAsync(1))[0];
        using (var db = Open())
        {
            db.Remove(db.Notes.Single(n => n.Id == id));
            _commands.Clear();
            db.SaveChanges();
        }

        _commands.Saved.Should().ContainSingle().Which.InTransaction.Should().BeFalse();
        (await CountAsync("NoteHistory", id)).Should().Be(1);
        (await LogCountAsync(id, "DELETE")).Should().Be(1);
    }

    [Fact]
    public async Task An_update_of_a_row_deleted_behind_the_contexts_back_fails_and_writes_no_history_or_log_row()
    {
        var id = (await NewNotesAsync(1))[0];
        await using var db = Open();
        var note = await db.Notes.SingleAsync(n => n.Id == id);
        await store.ExecuteAsync($"DELETE FROM \"Notes\" WHERE \"Id\" = {id}");
        note.Title = "too late";

        await db.Invoking(d => d.SaveChangesAsync()).Should().ThrowAsync<DbUpdateConcurrencyException>();

        (await CountAsync("NoteHistory", id)).Should().Be(0);
        (await LogCountAsync(id, "UPDATE")).Should().Be(0);
    }

    [Fact]
    public async Task A_large_update_adds_one_set_based_insert_per_table_to_EFs_batch_in_its_transaction()
    {
        var ids = await NewNotesAsync(30);
        await using (var db = Open())
        {
            var notes = await db.Notes.Where(n => ids.Contains(n.Id)).ToListAsync();
            notes.ForEach(n => n.Body = "bulk");
            _commands.Clear();
            await db.SaveChangesAsync();
        }

        var command = _commands.Saved.Should().ContainSingle("EF's batch carries the inserts").Subject;
        command.InTransaction.Should().BeTrue();
        command.Text.Split("unnest(").Should().HaveCount(3, "one insert for the history table, one for the log");
        foreach (var id in ids)
        {
            (await CountAsync("NoteHistory", id)).Should().Be(1);
            (await LogCountAsync(id, "UPDATE")).Should().Be(1);
        }
    }

    [Fact]
    public async Task A_large_update_failing_in_its_set_based_insert_changes_nothing()
    {
        var ids = await NewNotesAsync(30);
        await store.ExecuteAsync(
            $"ALTER TABLE \"NoteHistory\" ADD CONSTRAINT no_fail CHECK (\"Body\" <> 'poison')");
        try
        {
            await using var db = Open();
            var notes = await db.Notes.Where(n => ids.Contains(n.Id)).ToListAsync();
            notes[^1].Body = "poison";
            await db.SaveChangesAsync();
            notes.ForEach(n => n.Body = "after poison");

            // The history row of the poisoned version is written by the set-based insert, after every UPDATE ran.
            await db.Invoking(d => d.SaveChangesAsync()).Should().ThrowAsync<DbUpdateException>();
        }
        finally
        {
            await store.ExecuteAsync("ALTER TABLE \"NoteHistory\" DROP CONSTRAINT no_fail");
        }

        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"Notes\" WHERE \"Body\" = 'after poison'")).Should().Be(0L);
        foreach (var id in ids)
        {
            (await LogCountAsync(id, "UPDATE")).Should().Be(id == ids[^1] ? 1 : 0);
        }
    }

    [Fact]
    public async Task Soft_deleting_many_rows_is_one_set_based_update_in_EFs_batch_and_counts_every_entity()
    {
        var ids = await NewTagsAsync(30);
        await using var db = Open();
        var tags = await db.Tags.Where(t => ids.Contains(t.Id)).ToListAsync();
        db.RemoveRange(tags);
        _commands.Clear();

        (await db.SaveChangesAsync()).Should().Be(30);

        var command = _commands.Saved.Should().ContainSingle().Subject;
        command.Text.Should().Contain("= ANY (");
        command.InTransaction.Should().BeTrue();
        db.ChangeTracker.Entries<Tag>().Should().OnlyContain(e => e.State == EntityState.Unchanged && (bool)e.Property("IsDeleted").CurrentValue!);
        (await store.ScalarAsync($"SELECT COUNT(DISTINCT \"DeletedAt\") FROM \"Tags\" WHERE \"IsDeleted\" AND \"Id\" IN ({string.Join(", ", ids)})"))
            .Should().Be(1L, "all 30 rows are flagged, with the one timestamp of the save");
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"Tags\" WHERE \"IsDeleted\" AND \"Id\" IN ({string.Join(", ", ids)})")).Should().Be(30L);

        _commands.Clear();
        (await db.SaveChangesAsync()).Should().Be(0, "the tracker holds the entities as saved");
        _commands.Saved.Should().BeEmpty();
    }

    [Fact]
    public async Task A_set_based_soft_delete_missing_a_row_fails_as_a_concurrency_failure_and_a_retry_writes_the_rest()
    {
        var ids = await NewTagsAsync(30);
        await using var db = Open();
        var tags = await db.Tags.Where(t => ids.Contains(t.Id)).OrderBy(t => t.Id).ToListAsync();
        db.RemoveRange(tags);
        await store.ExecuteAsync($"DELETE FROM \"Tags\" WHERE \"Id\" = {tags[^1].Id}");

        var failure = await db.Invoking(d => d.SaveChangesAsync()).Should().ThrowAsync<DbUpdateConcurrencyException>();
        failure.Which.Entries.Should().HaveCount(29, "the entries the set-based statement stood for").And.OnlyContain(e => e.State == EntityState.Deleted);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"Tags\" WHERE \"IsDeleted\" AND \"Id\" IN ({string.Join(", ", ids)})")).Should().Be(0L);
        db.ChangeTracker.Entries<Tag>().Should().OnlyContain(e => e.State == EntityState.Deleted, "the application's state is put back");

        db.Entry(tags[^1]).State = EntityState.Detached;
        (await db.SaveChangesAsync()).Should().Be(29);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"Tags\" WHERE \"IsDeleted\" AND \"Id\" IN ({string.Join(", ", ids)})")).Should().Be(29L);
    }

    [Fact]
    public async Task A_new_revision_is_one_statement_that_retires_the_old_one_and_counts_as_one_entity()
    {
        int firstId;
        await using (var db = Open())
        {
            var entity = new LegalEntity { Name = "Acme" };
            db.Add(entity);
            await db.SaveChangesAsync();
            firstId = entity.Id;
            entity.Name = "Acme Ltd";
            _commands.Clear();
            (await db.SaveChangesAsync()).Should().Be(1, "one entity changed, as plain EF counts it, though two rows were written");
            entity.Id.Should().NotBe(firstId);
        }

        var command = _commands.Saved.Should().ContainSingle().Subject;
        command.InTransaction.Should().BeFalse();
        command.Text.Should().Contain("WHERE EXISTS");
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"LegalEntities\" WHERE \"Id\" = {firstId} AND NOT \"IsCurrent\" AND \"Name\" = 'Acme'")).Should().Be(1L);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"LegalEntities\" WHERE \"RootId\" = {firstId} AND \"IsCurrent\" AND \"Revision\" = 2 AND \"Name\" = 'Acme Ltd'")).Should().Be(1L);
    }

    [Fact]
    public async Task A_revision_of_a_row_retired_behind_the_contexts_back_inserts_nothing_and_fails_as_a_concurrency_failure()
    {
        await using var db = Open();
        var entity = new LegalEntity { Name = "Initech" };
        db.Add(entity);
        await db.SaveChangesAsync();
        var id = entity.Id;
        await store.ExecuteAsync($"UPDATE \"LegalEntities\" SET \"IsCurrent\" = false WHERE \"Id\" = {id}");
        entity.Name = "Initech Inc";

        await db.Invoking(d => d.SaveChangesAsync()).Should().ThrowAsync<DbUpdateConcurrencyException>();

        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"LegalEntities\" WHERE \"RootId\" = {id}")).Should().Be(0L);
        db.Entry(entity).State.Should().Be(EntityState.Modified, "the application's state is put back");
        entity.Id.Should().Be(id);
    }

    [Fact]
    public async Task Replacing_a_row_with_a_new_record_is_one_statement_too()
    {
        await using var db = Open();
        var email = new ContactEmail { Address = "old@example.com" };
        db.Add(email);
        await db.SaveChangesAsync();
        var oldId = email.Id;
        email.Address = "new@example.com";
        _commands.Clear();
        await db.SaveChangesAsync();

        _commands.Saved.Should().ContainSingle().Which.InTransaction.Should().BeFalse();
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"ContactEmails\" WHERE \"Id\" = {oldId} AND \"IsDeleted\" AND \"Address\" = 'old@example.com'")).Should().Be(1L);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"ContactEmails\" WHERE \"ReplacesId\" = {oldId} AND NOT \"IsDeleted\" AND \"Address\" = 'new@example.com'")).Should().Be(1L);
    }

    private async Task<List<int>> NewTagsAsync(int count)
    {
        await using var db = Open();
        var tags = Enumerable.Range(0, count).Select(i => new Tag { Name = $"tag {i}" }).ToList();
        db.AddRange(tags);
        await db.SaveChangesAsync();
        return [.. tags.Select(t => t.Id)];
    }

    private NotesDb Open() => _services!.CreateScope().ServiceProvider.GetRequiredService<NotesDb>();

    private async Task<List<int>> NewNotesAsync(int count)
    {
        await using var db = Open();
        var notes = Enumerable.Range(0, count).Select(i => new Note { Title = $"note {i}", Body = "v1" }).ToList();
        db.AddRange(notes);
        await db.SaveChangesAsync();
        return [.. notes.Select(n => n.Id)];
    }

    private async Task<long> CountAsync(string table, int id)
        => Convert.ToInt64(await store.ScalarAsync($"SELECT COUNT(*) FROM \"{table}\" WHERE \"Id\" = {id}"));

    private async Task<long> LogCountAsync(int id, string action)
        => Convert.ToInt64(await store.ScalarAsync(
            $"SELECT COUNT(*) FROM \"ActivityLogs\" WHERE \"EntityType\" = 'Note' AND \"EntityId\" = '{id}' AND \"Action\" = '{action}'"));

    public sealed class Note
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public string Body { get; set; } = "";
    }

    public sealed class Tag
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class LegalEntity
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class ContactEmail
    {
        public int Id { get; set; }

        public string Address { get; set; } = "";
    }

    public sealed class NotesDb(DbContextOptions<NotesDb> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();

        public DbSet<Tag> Tags => Set<Tag>();

        public DbSet<LegalEntity> LegalEntities => Set<LegalEntity>();

        public DbSet<ContactEmail> ContactEmails => Set<ContactEmail>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder
            .Entity<Note>(b =>
            {
                b.HasTemporalHistory(t => t.ToTable("NoteHistory"));
                b.HasSoftDelete();
                b.HasActivityLog();
            })
            .Entity<Tag>(b => b.HasSoftDelete().HasChangeStamps())
            .Entity<LegalEntity>(b => b.HasAuditTrail())
            .Entity<ContactEmail>(b =>
            {
                b.HasSoftDelete(s => s.ReplaceOnUpdate());
                b.HasIndex(e => e.Address).IsUnique();
            });
    }
}
