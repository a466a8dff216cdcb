using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Temporal;

/// <summary>
/// <c>HasDatabaseCapture()</c>: writes that bypass EF (raw SQL, as psql or another application sends it) reach the
/// temporal history through the table's triggers, with the actor of the transaction's settings; Versioning's own writes
/// (saves small and set-based, bulk statements, purges) are recorded once. Proven with raw SQL on PostgreSQL.
/// </summary>
public sealed class DatabaseCapturePostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = ActorServices.Build(services => services.AddDbContext<CaptureDb>(o => store.UseProvider(o)));
        await using var scope = _services.CreateAsyncScope();
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<CaptureDb>());
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task A_raw_update_without_settings_is_a_new_version_whose_history_row_has_the_old_values()
    {
        var id = await NewTicketAsync("open");

        await store.ExecuteAsync($"""UPDATE "CapturedTickets" SET "Status" = 'closed' WHERE "Id" = {id}""");

        var versions = await HistoryAsync(id);
        versions.Select(v => (v.Version, v.Entity.Status, v.ChangedBy, v.IsCurrent)).Should().Equal((2, "closed", null, true), (1, "open", "dave", false));
        versions[1].ValidTo.Should().Be(versions[0].ValidFrom, "the periods meet");
    }

    [Fact]
    public async Task Raw_writes_of_a_table_with_an_xmin_token_are_captured()
    {
        int id;
        await using (var scope = Scope("dave"))
        {
            var db = scope.ServiceProvider.GetRequiredService<CaptureDb>();
            var held = new CapturedLock { Holder = "dave" };
            db.Add(held);
            await db.SaveChangesAsync();
            id = held.Id;
        }

        await store.ExecuteAsync($"""UPDATE "CapturedLocks" SET "Holder" = 'erin' WHERE "Id" = {id}""");
        await store.ExecuteAsync($"""DELETE FROM "CapturedLocks" WHERE "Id" = {id}""");

        await using var read = Scope(null);
        var versions = read.ServiceProvider.GetRequiredService<CaptureDb>().Set<CapturedLock>().History(id);
        versions.Select(v => (v.Version, v.Entity.Holder)).Should().Equal((2, "erin"), (1, "dave"));
        versions.Should().OnlyContain(v => v.Entity.RowVersion == 0 && !v.IsCurrent, "a trigger sees no system column: a captured version keeps no token");
    }

    [Fact]
    public async Task A_raw_write_in_a_transaction_with_the_actor_setting_records_that_actor()
    {
        var id = await NewTicketAsync("open");

        await using (var connection = (NpgsqlConnection)store.CreateConnection())
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(
                $"""SET LOCAL versioning.actor = 'ops'; UPDATE "CapturedTickets" SET "Status" = 'escalated' WHERE "Id" = {id}""", connection, transaction);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        (await HistoryAsync(id)).Select(v => (v.Version, v.ChangedBy)).Should().Equal((2, "ops"), (1, "dave"));
    }

    [Fact]
    public async Task Raw_sql_in_a_transaction_begun_through_EF_is_recorded_under_the_contexts_actor()
    {
        var id = await NewTicketAsync("open");
        await using var scope = Scope("carol");
        var db = scope.ServiceProvider.GetRequiredService<CaptureDb>();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.Database.ExecuteSqlAsync($"""UPDATE "CapturedTickets" SET "Status" = 'triaged' WHERE "Id" = {id}""");
            await transaction.CommitAsync();
        }

        (await HistoryAsync(id)).Select(v => (v.Version, v.ChangedBy)).Should().Equal((2, "carol"), (1, "dave"));
    }

    [Fact]
    public async Task A_raw_delete_and_a_raw_insert_are_captured_and_an_update_that_changes_nothing_is_not_a_version()
    {
        var id = await NewTicketAsync("open");

        await store.ExecuteAsync($"""UPDATE "CapturedTickets" SET "Status" = 'open' WHERE "Id" = {id}""");
        await store.ExecuteAsync($"""BEGIN; SET LOCAL versioning.actor = 'ops'; DELETE FROM "CapturedTickets" WHERE "Id" = {id}; COMMIT;""");
        var inserted = Convert.ToInt32(await store.ScalarAsync("""INSERT INTO "CapturedTickets" ("Status") VALUES ('raw') RETURNING "Id" """));

        (await HistoryAsync(id)).Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Version = 1, IsCurrent = false, ChangedBy = "dave", RemovedBy = "ops" }, "the deferred trigger reads the setting at the commit");
        (await HistoryAsync(inserted)).Should().ContainSingle().Which.Should().BeEquivalentTo(new { Version = 1, IsCurrent = true, ChangedBy = (string?)null });

        // A raw write that names its author itself keeps that name; one that does not is not attributed to the last author.
        await store.ExecuteAsync($"""UPDATE "CapturedTickets" SET "Status" = 'named', "ChangedBy" = 'import' WHERE "Id" = {inserted}""");
        await store.ExecuteAsync($"""UPDATE "CapturedTickets" SET "Status" = 'anonymous' WHERE "Id" = {inserted}""");
        (await HistoryAsync(inserted)).Select(v => (v.Version, v.ChangedBy)).Should().Equal((3, null), (2, "import"), (1, null));

        // The deleted key inserted again by hand continues its versions.
        await store.ExecuteAsync($"""INSERT INTO "CapturedTickets" ("Id", "Status") VALUES ({id}, 'back')""");
        (await HistoryAsync(id)).Select(v => (v.Version, v.Entity.Status)).Should().Equal((2, "back"), (1, "open"));
    }

    [Fact]
    public async Task Versioning_own_writes_are_recorded_once()
    {
        var small = await NewTicketAsync("open");
        var many = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            many.Add(await NewTicketAsync("open"));
        }

        await using (var scope = Scope("dave"))
        {
            var db = scope.ServiceProvider.GetRequiredService<CaptureDb>();
            (await db.Tickets.SingleAsync(t => t.Id == small)).Status = "saved";
            foreach (var ticket in await db.Tickets.Where(t => many.Contains(t.Id)).ToListAsync())
            {
                ticket.Status = "saved";
            }

            await db.SaveChangesAsync();
            await db.Tickets.Where(t => many.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, "bulk"));
            db.Remove(await db.Tickets.SingleAsync(t => t.Id == small));
            await db.SaveChangesAsync();
            await db.Tickets.Where(t => many.Contains(t.Id)).ExecuteDeleteAsync();
        }

        (await HistoryAsync(small)).Select(v => (v.Version, v.ChangedBy, v.RemovedBy)).Should().Equal((2, "dave", "dave"), (1, "dave", null));
        foreach (var id in many)
        {
            (await HistoryAsync(id)).Select(v => (v.Version, v.Entity.Status, v.ChangedBy, v.RemovedBy)).Should().Equal(
                (3, "bulk", "dave", "dave"), (2, "saved", "dave", null), (1, "open", "dave", null));
        }
    }

    [Fact]
    public async Task A_purge_leaves_no_history_of_the_purged_rows()
    {
        await using var scope = Scope("erin");
        var db = scope.ServiceProvider.GetRequiredService<CaptureDb>();
        var note = new CapturedNote { Text = "gone" };
        db.Add(note);
        await db.SaveChangesAsync();
        db.Remove(note);
        await db.SaveChangesAsync();

        await db.PurgeAsync<CapturedNote>();

        (await store.ScalarAsync($"""SELECT COUNT(*) FROM "CapturedNotesHistory" WHERE "Id" = {note.Id}""")).Should().BeEquivalentTo(0L);
        (await store.ScalarAsync($"""SELECT COUNT(*) FROM "CapturedNotes" WHERE "Id" = {note.Id}""")).Should().BeEquivalentTo(0L);
    }

    [Fact]
    public async Task Raw_sql_before_and_after_a_purge_in_the_same_transaction_is_still_captured()
    {
        var id = await NewTicketAsync("open");
        var deleted = await NewTicketAsync("to delete");
        await using var scope = Scope("carol");
        var db = scope.ServiceProvider.GetRequiredService<CaptureDb>();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.Database.ExecuteSqlAsync($"""DELETE FROM "CapturedTickets" WHERE "Id" = {deleted}""");
            await db.PurgeAsync<CapturedNote>();
            await db.Database.ExecuteSqlAsync($"""UPDATE "CapturedTickets" SET "Status" = 'after purge' WHERE "Id" = {id}""");
            await transaction.CommitAsync();
        }

        (await HistoryAsync(id)).Select(v => (v.Version, v.Entity.Status, v.ChangedBy)).Should().Equal((2, "after purge", "carol"), (1, "open", "dave"));
        (await HistoryAsync(deleted)).Should().ContainSingle().Which.Should().BeEquivalentTo(new { Version = 1, IsCurrent = false, RemovedBy = "carol" });
    }

    [Fact]
    public void Capture_without_temporal_history_or_an_activity_log_is_refused_when_the_model_is_built()
    {
        using var db = new UncapturableDb(new DbContextOptionsBuilder<UncapturableDb>().UseNpgsql("Host=unused", n => n.UseVersioning()).Options);

        var build = () => db.Model;

        build.Should().Throw<InvalidOperationException>().WithMessage("HasDatabaseCapture() on 'CapturedNote'*Add HasTemporalHistory() or HasActivityLog()*");
    }

    private AsyncServiceScope Scope(string? actor) => _services.CreateScope(actor);

    private async Task<int> NewTicketAsync(string status)
    {
        await using var scope = Scope("dave");
        var db = scope.ServiceProvider.GetRequiredService<CaptureDb>();
        var ticket = new CapturedTicket { Status = status };
        db.Add(ticket);
        await db.SaveChangesAsync();
        return ticket.Id;
    }

    private async Task<IReadOnlyList<TemporalRow<CapturedTicket>>> HistoryAsync(int id)
    {
        await using var scope = Scope(null);
        return await scope.ServiceProvider.GetRequiredService<CaptureDb>().Tickets.HistoryAsync([id]);
    }

    public sealed class CapturedTicket
    {
        public int Id { get; set; }

        public string Status { get; set; } = "";
    }

    /// <summary>Captured, with PostgreSQL's xmin system column as its concurrency token (a bigint in history).</summary>
    public sealed class CapturedLock
    {
        public int Id { get; set; }

        public string Holder { get; set; } = "";

        public uint RowVersion { get; set; }
    }

    public sealed class CapturedNote
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    public sealed class CaptureDb(DbContextOptions<CaptureDb> options) : DbContext(options)
    {
        public DbSet<CapturedTicket> Tickets => Set<CapturedTicket>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<CapturedTicket>(b => b.ToTable("CapturedTickets").HasTemporalHistory().HasDatabaseCapture());
            modelBuilder.Entity<CapturedLock>(b =>
            {
                b.ToTable("CapturedLocks").HasTemporalHistory().HasDatabaseCapture();
                b.Property(l => l.RowVersion).IsRowVersion();
            });
            modelBuilder.Entity<CapturedNote>(b => b.ToTable("CapturedNotes").HasTemporalHistory().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromMicroseconds(1))).HasDatabaseCapture());
        }
    }

    public sealed class UncapturableDb(DbContextOptions<UncapturableDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<CapturedNote>().HasSoftDelete().HasDatabaseCapture();
    }
}
