using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeTracking;

/// <summary>
/// Change stamps (seed 'Simple Update'), written once and run on every provider by the derived classes.
/// </summary>
public abstract class ChangeStampsSpec(TestStore store) : IDisposable
{
    // Sub-microsecond ticks on purpose: what is stored must be truncated to whole microseconds.
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private SpecContexts? _contexts;

    protected TestStore Store { get; } = store;

    protected FakeTimeProvider Clock { get; } = new(Start);

    // Lazily, because the clock above must exist first; one set of services per test.
    private SpecContexts Contexts => _contexts ??= new SpecContexts(
        Store, Clock, (services, options) => services.AddDbContext<StampsDb>(options).AddDbContext<SnakeCaseStampsDb>(options));

    private static DateTime Truncated(DateTimeOffset time)
        => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);

    [Fact]
    public async Task Inserting_a_stamped_entity_sets_all_four_shadow_stamps()
    {
        var id = await SaveNewChannelAsync("alice");

        await using var db = await OpenAsync();
        var channel = await db.SalesChannels.SingleAsync(c => c.Id == id);
        var stamps = db.Entry(channel).Versioning();
        stamps.CreatedAt.Should().Be(Truncated(Start));
        stamps.CreatedAt!.Value.Kind.Should().Be(DateTimeKind.Utc);
        stamps.CreatedBy.Should().Be("alice");
        stamps.UpdatedAt.Should().Be(stamps.CreatedAt);
        stamps.UpdatedBy.Should().Be("alice");
    }

    [Fact]
    public async Task Updating_a_stamped_entity_sets_updated_stamps_and_keeps_created_ones()
    {
        var id = await SaveNewChannelAsync("alice");
        Clock.Advance(TimeSpan.FromMinutes(5));

        await using (var db = await OpenAsync("bob"))
        {
            var channel = await db.SalesChannels.SingleAsync(c => c.Id == id);
            channel.Name += " (renamed)";
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var stamps = check.Entry(await check.SalesChannels.SingleAsync(c => c.Id == id)).Versioning();
        stamps.CreatedAt.Should().Be(Truncated(Start));
        stamps.CreatedBy.Should().Be("alice");
        stamps.UpdatedAt.Should().Be(Truncated(Start.AddMinutes(5)));
        stamps.UpdatedBy.Should().Be("bob");
    }

    [Fact]
    public async Task An_application_change_to_created_stamps_is_not_written()
    {
        int id;
        await using (var db = await OpenAsync("alice"))
        {
            var store = new Store { Name = Unique("store") };
            db.Stores.Add(store);
            db.SaveChanges();
            id = store.Id;
        }

        await using (var db = await OpenAsync("mallory"))
        {
            var store = await db.Stores.SingleAsync(s => s.Id == id);
            store.CreatedAt = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            store.CreatedBy = "mallory";
            store.Name += "!";
            db.SaveChanges();
            store.CreatedBy.Should().Be("alice", "the tracked entity shows what the database holds");
        }

        await using var check = await OpenAsync();
        var saved = await check.Stores.SingleAsync(s => s.Id == id);
        saved.CreatedAt.Should().Be(Truncated(Start));
        saved.CreatedBy.Should().Be("alice");
        saved.UpdatedBy.Should().Be("mallory");
        saved.Name.Should().EndWith("!");
    }

    [Fact]
    public async Task A_save_that_only_changes_created_stamps_writes_nothing()
    {
        int id;
        await using (var db = await OpenAsync("alice"))
        {
            var store = new Store { Name = Unique("store") };
            db.Add(store);
            await db.SaveChangesAsync();
            id = store.Id;
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await OpenAsync("mallory"))
        {
            var store = await db.Stores.SingleAsync(s => s.Id == id);
            store.CreatedBy = "mallory";

            (await db.SaveChangesAsync()).Should().Be(0);
            db.Entry(store).State.Should().Be(EntityState.Unchanged);
        }

        await using var check = await OpenAsync();
        var saved = await check.Stores.SingleAsync(s => s.Id == id);
        saved.CreatedBy.Should().Be("alice");
        saved.UpdatedBy.Should().Be("alice");
        saved.UpdatedAt.Should().Be(Truncated(Start));
    }

    [Fact]
    public async Task Clr_stamp_properties_are_written_and_read_like_shadow_ones()
    {
        await using var db = await OpenAsync("alice");
        var store = new Store { Name = Unique("store") };
        var region = new Region { Name = Unique("region") };
        db.AddRange(store, region);
        await db.SaveChangesAsync();

        await using var check = await OpenAsync();
        var savedStore = await check.Stores.SingleAsync(s => s.Id == store.Id);
        savedStore.CreatedAt.Should().Be(Truncated(Start));
        savedStore.UpdatedAt.Should().Be(Truncated(Start));
        savedStore.CreatedBy.Should().Be("alice");
        check.Entry(savedStore).Versioning().CreatedAt.Should().Be(Truncated(Start));

        var savedRegion = await check.Regions.SingleAsync(r => r.Id == region.Id);
        savedRegion.CreatedAt.UtcDateTime.Should().Be(Truncated(Start));
        check.Entry(savedRegion).Versioning().UpdatedAt.Should().Be(Truncated(Start));
    }

    [Fact]
    public async Task Every_row_of_one_save_shares_one_timestamp()
    {
        await using var db = await OpenAsync("alice");
        var channels = Enumerable.Range(0, 5).Select(i => new SalesChannel { Name = Unique($"c{i}") }).ToList();
        var store = new Store { Name = Unique("store") };
        db.AddRange(channels);
        db.Add(store);
        await db.SaveChangesAsync();

        var stamps = channels.Select(c => db.Entry(c).Versioning().CreatedAt).Append(store.CreatedAt).Distinct().ToList();
        stamps.Should().ContainSingle().Which.Should().Be(Truncated(Start));
    }

    [Fact]
    public async Task A_change_scope_actor_overrides_the_accessor_and_no_actor_is_recorded_as_null()
    {
        int scoped, anonymous;
        await using (var db = await OpenAsync("alice"))
        {
            using var scope = db.BeginChangeScope(reason: "import", actor: "importer");
            var channel = new SalesChannel { Name = Unique("scoped") };
            db.Add(channel);
            await db.SaveChangesAsync();
            scoped = channel.Id;
        }

        await using (var db = await OpenAsync(actor: null))
        {
            var channel = new SalesChannel { Name = Unique("anonymous") };
            db.Add(channel);
            await db.SaveChangesAsync();
            anonymous = channel.Id;
        }

        await using var check = await OpenAsync();
        check.Entry(await check.SalesChannels.SingleAsync(c => c.Id == scoped)).Versioning().CreatedBy.Should().Be("importer");
        check.Entry(await check.SalesChannels.SingleAsync(c => c.Id == anonymous)).Versioning().CreatedBy.Should().BeNull();
    }

    [Fact]
    public async Task Concurrent_scopes_record_their_own_actor_each()
    {
        var services = Contexts.BuildServices();
        var names = Enumerable.Range(0, 8).Select(i => (Actor: $"user-{i}", Name: Unique($"parallel{i}"))).ToList();
        using var writeGate = new SemaphoreSlim(Store.SupportsConcurrentWrites ? names.Count : 1);
        using var allOpen = new Barrier(names.Count);

        await Task.WhenAll(names.Select(n => Task.Run(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TestActor>().ActorId = n.Actor;
            var db = scope.ServiceProvider.GetRequiredService<StampsDb>();
            await Store.EnsureTablesAsync(db);
            db.Add(new SalesChannel { Name = n.Name });
            allOpen.SignalAndWait(TimeSpan.FromSeconds(30)); // every scope is alive before any saves
            await writeGate.WaitAsync();
            try
            {
                await db.SaveChangesAsync();
            }
            finally
            {
                writeGate.Release();
            }
        })));

        await using var check = await OpenAsync();
        foreach (var (actor, name) in names)
        {
            var channel = await check.SalesChannels.SingleAsync(c => c.Name == name);
            check.Entry(channel).Versioning().CreatedBy.Should().Be(actor);
        }
    }

    [Fact]
    public async Task A_required_actor_that_is_missing_fails_the_save_with_a_clear_message_and_writes_nothing()
    {
        var db = await Contexts.OpenAsync<StampsDb>(actor: null, versioning: v => v.RequireActor());
        var name = Unique("no-actor");
        db.Add(new SalesChannel { Name = name });

        var act = () => db.SaveChangesAsync();

        (await act.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain("requires an actor").And.Contain("returned no actor");
        (await Store.ScalarAsync($"SELECT COUNT(*) FROM {Quote("SalesChannels")} WHERE {Quote("Name")} = '{name}'"))
            .Should().BeEquivalentTo(0);
    }

    [Fact]
    public async Task A_failed_save_leaves_the_tracker_as_the_application_left_it_and_a_retry_writes_once()
    {
        var taken = Unique("taken");
        await SaveNewChannelAsync("alice", taken);

        await using var db = await OpenAsync("bob");
        var channel = new SalesChannel { Name = taken };
        db.Add(channel);

        var act = () => db.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateException>();

        var entry = db.Entry(channel);
        entry.State.Should().Be(EntityState.Added);
        entry.Versioning().CreatedAt.Should().Be(default(DateTime), "the stamps the pipeline set were undone");
        entry.Versioning().CreatedBy.Should().BeNull();

        Clock.Advance(TimeSpan.FromSeconds(1));
        channel.Name = Unique("free");
        await db.SaveChangesAsync();

        await using var check = await OpenAsync();
        var saved = await check.SalesChannels.SingleAsync(c => c.Name == channel.Name);
        check.Entry(saved).Versioning().CreatedAt.Should().Be(Truncated(Start.AddSeconds(1)));
        check.Entry(saved).Versioning().CreatedBy.Should().Be("bob");
    }

    [Fact]
    public async Task A_concurrency_failure_undoes_the_updated_stamps()
    {
        var id = await SaveNewChannelAsync("alice");
        await using var db = await OpenAsync("bob");
        var channel = await db.SalesChannels.SingleAsync(c => c.Id == id);
        await Store.ExecuteAsync($"DELETE FROM {Quote("SalesChannels")} WHERE {Quote("Id")} = {id}");
        channel.Name += "?";
        Clock.Advance(TimeSpan.FromMinutes(1));

        var act = () => db.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateConcurrencyException>();

        var entry = db.Entry(channel);
        entry.Versioning().UpdatedAt.Should().Be(Truncated(Start));
        entry.Versioning().UpdatedBy.Should().Be("alice");
        entry.Property("UpdatedAt").IsModified.Should().BeFalse();
        entry.Property(c => c.Name).IsModified.Should().BeTrue();
    }

    [Fact]
    public async Task ExecuteUpdate_on_a_stamped_set_sets_the_updated_stamps_of_each_execution()
    {
        var id = await SaveNewChannelAsync("alice");
        await using var db = await OpenAsync("bob");

        Clock.Advance(TimeSpan.FromMinutes(1));
        var first = await db.SalesChannels.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, c => c.Name + "1"));
        await using (var check = await OpenAsync())
        {
            var stamps = check.Entry(await check.SalesChannels.SingleAsync(c => c.Id == id)).Versioning();
            stamps.UpdatedAt.Should().Be(Truncated(Start.AddMinutes(1)));
            stamps.UpdatedBy.Should().Be("bob");
            stamps.CreatedAt.Should().Be(Truncated(Start));
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        using (db.BeginChangeScope(actor: "batch"))
        {
            db.SalesChannels.Where(c => c.Id == id).ExecuteUpdate(s => s.SetProperty(c => c.Name, c => c.Name + "2"));
        }

        await using (var check = await OpenAsync())
        {
            var channel = await check.SalesChannels.SingleAsync(c => c.Id == id);
            var stamps = check.Entry(channel).Versioning();
            stamps.UpdatedAt.Should().Be(Truncated(Start.AddMinutes(2)), "the statement is compiled once but each execution has its own time");
            stamps.UpdatedBy.Should().Be("batch");
            channel.Name.Should().EndWith("12");
        }

        first.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteUpdate_over_a_join_stamps_the_rows_it_updates()
    {
        var id = await SaveNewChannelAsync("alice");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using var db = await OpenAsync("bob");

        // EF joins the other side in its UPDATE (a FROM clause); the source's rows are not the entities themselves.
        var updated = await db.SalesChannels.Where(c => c.Id == id)
            .Join(db.SalesChannels, c => c.Id, o => o.Id, (c, o) => new { Channel = c, Other = o })
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Channel.Name, x => x.Other.Name + "!"));

        updated.Should().Be(1);
        await using var check = await OpenAsync();
        var channel = await check.SalesChannels.SingleAsync(c => c.Id == id);
        channel.Name.Should().EndWith("!");
        var stamps = check.Entry(channel).Versioning();
        (stamps.UpdatedBy, stamps.UpdatedAt).Should().Be(("bob", Truncated(Start.AddMinutes(1))));
    }

    [Fact]
    public async Task A_compiled_ExecuteUpdate_on_a_stamped_set_never_runs_unstamped()
    {
        var id = await SaveNewChannelAsync("alice");
        await using var db = await OpenAsync("bob");
        var rename = EF.CompileQuery((StampsDb c, int key) => c.SalesChannels.Where(s => s.Id == key).ExecuteUpdate(s => s.SetProperty(x => x.Name, "compiled")));

        // EF Core 10 cannot translate a compiled ExecuteUpdate (its setters are a builder lambda there), and Versioning
        // refuses one it would stamp; either way, the statement must not change the row without its stamps.
        ((Action)(() => rename(db, id))).Should().Throw<InvalidOperationException>();
        (await db.SalesChannels.AsNoTracking().SingleAsync(c => c.Id == id)).Name.Should().NotBe("compiled");
    }

    [Fact]
    public async Task ExecuteUpdate_that_sets_a_stamp_itself_keeps_the_callers_value()
    {
        var id = await SaveNewChannelAsync("alice");
        var backfilled = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var db = await OpenAsync("bob");

        await db.SalesChannels.Where(c => c.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => EF.Property<DateTime>(c, "UpdatedAt"), backfilled));

        await using var check = await OpenAsync();
        var stamps = check.Entry(await check.SalesChannels.SingleAsync(c => c.Id == id)).Versioning();
        stamps.UpdatedAt.Should().Be(backfilled);
        stamps.UpdatedBy.Should().Be("bob");
    }

    [Fact]
    public async Task ExecuteUpdate_that_sets_a_created_stamp_is_refused_and_changes_nothing()
    {
        var id = await SaveNewChannelAsync("alice");
        await using var db = await OpenAsync("bob");

        var act = () => db.SalesChannels.Where(c => c.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => EF.Property<string?>(c, "CreatedBy"), "bob"));

        await act.Should().ThrowAsync<InvalidOperationException>()
            .WithMessage("ExecuteUpdate sets 'SalesChannel.CreatedBy', but change stamps make created stamps immutable*");
        await using var check = await OpenAsync();
        check.Entry(await check.SalesChannels.SingleAsync(c => c.Id == id)).Versioning().CreatedBy.Should().Be("alice");
    }

    [Fact]
    public async Task Another_save_interceptor_still_gets_its_plain_property_changes_saved()
    {
        var db = await Contexts.OpenAsync<StampsDb>(configure: o => o.AddInterceptors(new RenamingInterceptor()));
        var text = Unique("note");
        var note = new Note { Text = text };
        db.Add(note);
        db.Add(new SalesChannel { Name = Unique("versioned") });  // a versioned entity, so the pipeline runs
        await db.SaveChangesAsync();

        db.ChangeTracker.AutoDetectChangesEnabled.Should().BeTrue();
        (await Store.ScalarAsync($"SELECT {Quote("Text")} FROM {Quote("Notes")} WHERE {Quote("Id")} = {note.Id}"))
            .Should().Be(text + " (intercepted)");
    }

    [Fact]
    public async Task Automatic_change_detection_is_back_on_after_a_save_and_after_a_failed_one()
    {
        var taken = Unique("taken");
        await SaveNewChannelAsync("alice", taken);
        await using var db = await OpenAsync("bob");

        db.Add(new SalesChannel { Name = Unique("ok") });
        await db.SaveChangesAsync();
        db.ChangeTracker.AutoDetectChangesEnabled.Should().BeTrue();

        db.Add(new SalesChannel { Name = taken });
        var act = () => db.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateException>();
        db.ChangeTracker.AutoDetectChangesEnabled.Should().BeTrue();
    }

    [Fact]
    public async Task Entities_without_a_strategy_are_saved_as_plain_EF_saves_them()
    {
        await using var db = await OpenAsync("alice");
        var note = new Note { Text = Unique("note") };
        db.Add(note);
        await db.SaveChangesAsync();

        await using var check = await OpenAsync();
        (await check.Notes.SingleAsync(n => n.Id == note.Id)).Text.Should().Be(note.Text);
        var act = () => check.Entry(note).Versioning().CreatedAt;
        act.Should().Throw<InvalidOperationException>().WithMessage("*'Note' does not use change stamps*");
    }

    [Fact]
    public async Task Snake_case_naming_names_the_stamp_columns_like_the_seed()
    {
        var db = await Contexts.OpenAsync<SnakeCaseStampsDb>("alice", o => o.UseSnakeCaseNamingConvention());
        var channel = new SalesChannel { Name = Unique("snake") };
        db.Add(channel);
        await db.SaveChangesAsync();

        (await Store.ScalarAsync($"SELECT created_by FROM sales_channels WHERE id = {channel.Id}")).Should().Be("alice");
        (await Store.ScalarAsync($"SELECT updated_by FROM sales_channels WHERE id = {channel.Id}")).Should().Be("alice");
        (await Store.ScalarAsync($"SELECT COUNT(*) FROM sales_channels WHERE id = {channel.Id} AND created_at = updated_at"))
            .Should().BeEquivalentTo(1);
    }

    /// <summary>An application interceptor that changes a plain property without telling EF, as many do.</summary>
    private sealed class RenamingInterceptor : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            foreach (var note in eventData.Context!.ChangeTracker.Entries<Note>().Select(e => e.Entity))
            {
                note.Text += " (intercepted)";
            }

            return ValueTask.FromResult(result);
        }
    }

    public void Dispose()
    {
        _contexts?.Dispose();

        GC.SuppressFinalize(this);
    }

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected virtual string Quote(string identifier) => $"\"{identifier}\"";

    private async Task<int> SaveNewChannelAsync(string actor, string? name = null)
    {
        await using var db = await OpenAsync(actor);
        var channel = new SalesChannel { Name = name ?? Unique("channel") };
        db.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }

    private Task<StampsDb> OpenAsync(string? actor = null) => Contexts.OpenAsync<StampsDb>(actor);
}
