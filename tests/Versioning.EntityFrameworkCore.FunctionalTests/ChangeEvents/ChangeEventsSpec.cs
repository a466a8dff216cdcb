using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeEvents;

/// <summary>
/// Change events (the transactional outbox; seeds 'Chain', 'Vivatour', 'PromptCraft'), written once and run on every
/// provider by the derived classes. Every assertion reads the events back from the database.
/// </summary>
public abstract class ChangeEventsSpec(TestStore store) : IDisposable
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private SpecContexts? _contexts;

    protected TestStore Store { get; } = store;

    protected FakeTimeProvider Clock { get; } = new(Start);

    private SpecContexts Contexts => _contexts ??= new SpecContexts(Store, Clock, (services, options) => services.AddDbContext<EventsDb>(options));

    private static DateTime Now(FakeTimeProvider clock)
    {
        var t = clock.GetUtcNow();
        return new DateTime(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task Creating_entities_writes_one_Created_event_each_at_version_1_with_their_values(int count)
    {
        List<Document> documents;
        await using (var db = await OpenAsync("alice"))
        {
            documents = [.. Enumerable.Range(0, count).Select(i => new Document { Title = Unique($"d{i}"), Price = 10.50m + i, Secret = "s3cret", Views = 7 })];
            db.AddRange(documents);
            await db.SaveChangesAsync();
            documents.Should().OnlyContain(d => db.Entry(d).Property<long>("StreamVersion").CurrentValue == 1);
        }

        await using var check = await OpenAsync();
        var ids = documents.Select(d => d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var events = await check.ChangeEvents().Where(e => e.StreamType == "Document" && ids.Contains(e.StreamId)).ToListAsync();
        events.Should().HaveCount(count).And.OnlyContain(e => e.Kind == ChangeEventKinds.Created && e.StreamVersion == 1 && e.Before == null
            && e.ActorId == "alice" && e.Timestamp == Now(Clock) && e.Status == ChangeEventStatus.Pending && e.Attempts == 0
            && e.NextAttemptAt == Now(Clock));
        events.Select(e => e.CorrelationId).Distinct().Should().ContainSingle("one save, one correlation id");
        events.Select(e => e.Id).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder("version 7 ids of one save count up");

        var first = events.Single(e => e.StreamId == ids[0]);
        using var after = JsonDocument.Parse(first.After!);
        after.RootElement.GetProperty("Title").GetString().Should().Be(documents[0].Title);
        after.RootElement.GetProperty("Price").GetDecimal().Should().Be(10.5m);
        after.RootElement.GetProperty("State").GetString().Should().Be("Draft");
        after.RootElement.GetProperty("IsPublished").GetBoolean().Should().BeFalse();
        after.RootElement.GetProperty("PublishedAt").ValueKind.Should().Be(JsonValueKind.Null);
        after.RootElement.GetProperty("Secret").GetString().Should().Be(ActivityLogEntry.RedactedMask);
        after.RootElement.TryGetProperty("Views", out _).Should().BeFalse("[NotVersioned] properties stay out");
        after.RootElement.TryGetProperty("Id", out _).Should().BeFalse("the key is the stream id");
    }

    [Fact]
    public async Task Updating_writes_an_Updated_event_with_the_changed_values_before_and_after_at_the_next_version()
    {
        var id = await NewDocumentAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await OpenAsync("bob"))
        {
            var document = await db.Documents.SingleAsync(d => d.Id == id);
            document.Price = 12m;
            document.State = DocumentState.Published;
            document.PublishedAt = new DateTime(2026, 3, 1, 12, 1, 0, DateTimeKind.Utc);
            await db.SaveChangesAsync();
        }

        var events = await StreamAsync(id);
        events.Select(e => (e.StreamVersion, e.Kind)).Should().Equal((1L, ChangeEventKinds.Created), (2L, ChangeEventKinds.Updated));
        var updated = events[1];
        (updated.ActorId, updated.Timestamp).Should().Be(("bob", Now(Clock)));
        JsonDocument.Parse(updated.Before!).RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ToString()))
            .Should().BeEquivalentTo([("Price", "10.5"), ("State", "Draft"), ("PublishedAt", "")]);
        JsonDocument.Parse(updated.After!).RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ToString()))
            .Should().BeEquivalentTo([("Price", "12"), ("State", "Published"), ("PublishedAt", "2026-03-01T12:01:00.000000Z")]);
        await VersionOfAsync(id).ContinueWith(t => t.Result.Should().Be(2));
    }

    [Fact]
    public async Task An_update_of_properties_events_leave_out_writes_no_event_and_keeps_the_version()
    {
        var id = await NewDocumentAsync();
        await using (var db = await OpenAsync("bob"))
        {
            var document = await db.Documents.SingleAsync(d => d.Id == id);
            document.Views++;
            await db.SaveChangesAsync();
        }

        (await StreamAsync(id)).Should().ContainSingle();
        (await VersionOfAsync(id)).Should().Be(1);
    }

    [Fact]
    public async Task Deleting_writes_a_Deleted_event_with_the_values_before()
    {
        var id = await NewDocumentAsync();
        await using (var db = await OpenAsync("carol"))
        {
            db.Remove(await db.Documents.SingleAsync(d => d.Id == id));
            await db.SaveChangesAsync();
        }

        var deleted = (await StreamAsync(id)).Should().HaveCount(2).And.Subject.Last();
        (deleted.Kind, deleted.StreamVersion, deleted.After, deleted.ActorId).Should().Be((ChangeEventKinds.Deleted, 2L, (string?)null, "carol"));
        JsonDocument.Parse(deleted.Before!).RootElement.GetProperty("Price").GetDecimal().Should().Be(10.5m);
    }

    [Fact]
    public async Task A_soft_delete_and_a_restore_are_events_of_their_own_kinds()
    {
        var booking = new Booking { Guest = Unique("guest"), Nights = 3 };
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(booking);
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync("bob"))
        {
            db.Remove(await db.Bookings.SingleAsync(b => b.Id == booking.Id));
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync("carol"))
        {
            var deleted = await db.Bookings.IgnoreQueryFilters().SingleAsync(b => b.Id == booking.Id);
            db.Restore(deleted);
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var events = await check.ChangeEventStream(booking).ToListAsync();
        events.Select(e => (e.StreamVersion, e.Kind, e.ActorId)).Should().Equal(
            (1L, ChangeEventKinds.Created, "alice"), (2L, ChangeEventKinds.SoftDeleted, "bob"), (3L, ChangeEventKinds.Restored, "carol"));
        JsonDocument.Parse(events[1].Before!).RootElement.GetProperty("Nights").GetInt32().Should().Be(3);
        JsonDocument.Parse(events[2].After!).RootElement.GetProperty("Guest").GetString().Should().Be(booking.Guest);
    }

    [Fact]
    public async Task A_stale_writer_gets_a_concurrency_exception_and_writes_no_event()
    {
        var id = await NewDocumentAsync();
        await using var first = await OpenAsync("alice");
        await using var second = await OpenAsync("bob");
        var mine = await first.Documents.SingleAsync(d => d.Id == id);
        var theirs = await second.Documents.SingleAsync(d => d.Id == id);

        mine.Price = 20m;
        await first.SaveChangesAsync();
        theirs.Price = 30m;
        var save = () => second.SaveChangesAsync();

        await save.Should().ThrowAsync<DbUpdateConcurrencyException>();
        var events = await StreamAsync(id);
        events.Select(e => (e.StreamVersion, e.ActorId)).Should().Equal((1L, "alice"), (2L, "alice"));
        second.Entry(theirs).Property<long>("StreamVersion").CurrentValue.Should().Be(1, "the failed save left the tracker as it was");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_stale_writer_of_many_entities_gets_a_concurrency_exception_and_writes_no_event(int count)
    {
        var tag = Unique("stale");
        await using (var seed = await OpenAsync("alice"))
        {
            seed.AddRange(Enumerable.Range(0, count).Select(i => new Ledger { Id = $"{tag}-{i}", Balance = 0 }));
            await seed.SaveChangesAsync();
        }

        await using var first = await OpenAsync("alice");
        await using var second = await OpenAsync("bob");
        var mine = await first.Ledgers.Where(l => l.Id.StartsWith(tag)).ToListAsync();
        var theirs = await second.Ledgers.Where(l => l.Id.StartsWith(tag)).ToListAsync();
        mine[count / 2].Balance += 1;
        await first.SaveChangesAsync();
        theirs.ForEach(l => l.Balance += 100);

        var save = () => second.SaveChangesAsync();

        await save.Should().ThrowAsync<DbUpdateConcurrencyException>();
        await using var check = await OpenAsync();
        var events = await check.ChangeEvents().Where(e => e.StreamType == nameof(Ledger) && e.StreamId.StartsWith(tag)).ToListAsync();
        events.Should().HaveCount(count + 1, "the creations and alice's one update; bob's save wrote nothing")
            .And.OnlyContain(e => e.ActorId == "alice");
        (await check.Ledgers.CountAsync(l => l.Id.StartsWith(tag) && l.Balance >= 100)).Should().Be(0);
    }

    [Fact]
    public async Task A_custom_event_takes_the_next_version_after_the_entitys_own_event_and_advances_the_stream()
    {
        var id = await NewDocumentAsync();
        await using (var db = await OpenAsync("bob"))
        {
            var document = await db.Documents.SingleAsync(d => d.Id == id);
            db.RaiseChangeEvent(document, "Reviewed", new { Score = 4, Comment = "fine" });
            await db.SaveChangesAsync();

            document.Title += " v2";
            db.RaiseChangeEvent(document, "Retitled");
            await db.SaveChangesAsync();
            db.Entry(document).Property<long>("StreamVersion").CurrentValue.Should().Be(4);
        }

        var events = await StreamAsync(id);
        events.Select(e => (e.StreamVersion, e.Kind)).Should().Equal(
            (1L, ChangeEventKinds.Created), (2L, "Reviewed"), (3L, ChangeEventKinds.Updated), (4L, "Retitled"));
        JsonDocument.Parse(events[1].After!).RootElement.GetProperty("Score").GetInt32().Should().Be(4);
        (events[3].Before, events[3].After).Should().Be(((string?)null, (string?)null));
        (await VersionOfAsync(id)).Should().Be(4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task An_entity_inserted_again_under_a_deleted_key_continues_its_stream(int count)
    {
        var tag = Unique("again");
        var keys = Enumerable.Range(0, count).Select(i => $"{tag}-{i}").ToList();
        for (var round = 0; round < 2; round++)
        {
            await using (var db = await OpenAsync("alice"))
            {
                db.AddRange(keys.Select(k => new Ledger { Id = k, Balance = round }));
                await db.SaveChangesAsync();
            }

            await using (var db = await OpenAsync("bob"))
            {
                db.RemoveRange(await db.Ledgers.Where(l => l.Id.StartsWith(tag)).ToListAsync());
                await db.SaveChangesAsync();
            }
        }

        await using (var db = await OpenAsync("carol"))
        {
            var ledgers = keys.Select(k => new Ledger { Id = k, Balance = 7 }).ToList();
            db.AddRange(ledgers);
            await db.SaveChangesAsync();
            ledgers.Should().OnlyContain(l => l.StreamVersion == 5, "the entity's version is its stream's last");
        }

        await using var check = await OpenAsync();
        var events = await check.ChangeEvents().Where(e => e.StreamType == nameof(Ledger) && e.StreamId.StartsWith(tag)).ToListAsync();
        events.Should().HaveCount(5 * count);
        foreach (var stream in events.GroupBy(e => e.StreamId))
        {
            stream.OrderBy(e => e.StreamVersion).Select(e => (e.StreamVersion, e.Kind, e.ActorId)).Should().Equal(
                (1L, ChangeEventKinds.Created, "alice"), (2L, ChangeEventKinds.Deleted, "bob"), (3L, ChangeEventKinds.Created, "alice"),
                (4L, ChangeEventKinds.Deleted, "bob"), (5L, ChangeEventKinds.Created, "carol"));
        }
    }

    [Fact]
    public async Task An_entity_deleted_and_inserted_again_under_its_key_in_one_save_continues_its_stream()
    {
        var key = Unique("replaced");
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(new Ledger { Id = key, Balance = 1 });
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync("bob"))
        {
            var old = await db.Ledgers.SingleAsync(l => l.Id == key);
            db.Remove(old);
            db.RaiseChangeEvent(old, "Closed");
            var again = new Ledger { Id = key, Balance = 2 };
            db.Add(again);
            await db.SaveChangesAsync();
            again.StreamVersion.Should().Be(4);
        }

        await using var check = await OpenAsync();
        (await check.ChangeEvents().Where(e => e.StreamType == nameof(Ledger) && e.StreamId == key).OrderBy(e => e.StreamVersion).ToListAsync())
            .Select(e => (e.StreamVersion, e.Kind)).Should().Equal(
                (1L, ChangeEventKinds.Created), (2L, ChangeEventKinds.Deleted), (3L, "Closed"), (4L, ChangeEventKinds.Created));
        (await check.Ledgers.SingleAsync(l => l.Id == key)).Should().BeEquivalentTo(new { Balance = 2m, StreamVersion = 4L });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task A_copy_sent_back_and_saved_with_Update_has_the_stored_values_as_before(int count)
    {
        var tag = Unique("sent");
        await using (var db = await OpenAsync("alice"))
        {
            db.AddRange(Enumerable.Range(0, count).Select(i => new Ledger { Id = $"{tag}-{i}", Balance = 10 }));
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync("bob"))
        {
            db.UpdateRange(Enumerable.Range(0, count).Select(i => new Ledger { Id = $"{tag}-{i}", Balance = 25, StreamVersion = 1 }));
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var updates = await check.ChangeEvents().Where(e => e.StreamType == nameof(Ledger) && e.StreamId.StartsWith(tag) && e.Kind == ChangeEventKinds.Updated).ToListAsync();
        updates.Should().HaveCount(count).And.OnlyContain(e => e.StreamVersion == 2);
        foreach (var update in updates)
        {
            using var before = JsonDocument.Parse(update.Before!);
            before.RootElement.GetProperty("Balance").GetDecimal().Should().Be(10m, "the event's before values are what the database held");
        }
    }

    [Fact]
    public async Task A_custom_event_of_a_failed_save_is_written_once_by_the_retry()
    {
        var id = await NewDocumentAsync();
        await using (var db = await OpenAsync("bob"))
        {
            var document = await db.Documents.SingleAsync(d => d.Id == id);
            db.RaiseChangeEvent(document, "Approved");
            document.Price = 99m;

            // A ledger whose key is taken fails the save after the document's statement.
            var taken = Unique("ledger");
            await Store.ExecuteAsync($"INSERT INTO {Q("Ledgers")} ({Q("Id")}, {Q("Balance")}, {Q("StreamVersion")}) VALUES ('{taken}', 0, 1)");
            var conflicting = new Ledger { Id = taken };
            db.Add(conflicting);
            var save = () => db.SaveChangesAsync();
            await save.Should().ThrowAsync<DbUpdateException>();
            db.Entry(conflicting).State = EntityState.Detached;

            await db.SaveChangesAsync();
        }

        (await StreamAsync(id)).Select(e => (e.StreamVersion, e.Kind)).Should().Equal(
            (1L, ChangeEventKinds.Created), (2L, ChangeEventKinds.Updated), (3L, "Approved"));
    }

    [Fact]
    public async Task Raising_an_event_on_an_untracked_entity_or_a_type_without_events_is_refused_at_once()
    {
        await using var db = await OpenAsync("bob");
        var untracked = () => db.RaiseChangeEvent(new Document { Id = 1 }, "Reviewed");
        untracked.Should().Throw<InvalidOperationException>().WithMessage("*tracks*");
        var empty = () => db.RaiseChangeEvent(new Document(), " ");
        empty.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task SaveChanges_false_then_AcceptAllChanges_writes_each_event_once_and_a_retry_after_rollback_too()
    {
        var id = await NewDocumentAsync();
        await using (var db = await OpenAsync("bob"))
        {
            var document = await db.Documents.SingleAsync(d => d.Id == id);
            document.Price = 11m;
            db.RaiseChangeEvent(document, "Repriced");
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
            document.Price = 12m;
            await db.SaveChangesAsync();
        }

        (await StreamAsync(id)).Select(e => (e.StreamVersion, e.Kind)).Should().Equal(
            (1L, ChangeEventKinds.Created), (2L, ChangeEventKinds.Updated), (3L, "Repriced"), (4L, ChangeEventKinds.Updated));
    }

    [Fact]
    public async Task A_declared_stream_version_property_is_used_and_a_change_scope_sets_correlation_and_causation()
    {
        var ledger = new Ledger { Id = Unique("ledger"), Balance = 5m };
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(ledger);
            await db.SaveChangesAsync();
            ledger.StreamVersion.Should().Be(1);
        }

        var cause = new ChangeEvent { Id = Guid.CreateVersion7(), CorrelationId = "order-7" };
        await using (var db = await OpenAsync("relay"))
        {
            var tracked = await db.Ledgers.SingleAsync(l => l.Id == ledger.Id);
            using (db.BeginChangeScopeCausedBy(cause, "settle"))
            {
                tracked.Balance = 0m;
                await db.SaveChangesAsync();
            }

            tracked.StreamVersion.Should().Be(2);
        }

        await using var check = await OpenAsync();
        var settled = await check.ChangeEventStream(ledger).LastAsync();
        (settled.CorrelationId, settled.CausationId, settled.StreamVersion).Should().Be(("order-7", cause.Id.ToString(), 2L));
    }

    [Fact]
    public async Task Derived_types_write_events_of_the_roots_stream_with_their_own_values()
    {
        var car = new Vehicle { Name = Unique("car"), Wheels = 4 };
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(car);
            await db.SaveChangesAsync();
            car.Wheels = 3;
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var events = await check.ChangeEventStream(car).ToListAsync();
        events.Should().OnlyContain(e => e.StreamType == "Asset");
        JsonDocument.Parse(events[0].After!).RootElement.GetProperty("Wheels").GetInt32().Should().Be(4);
        JsonDocument.Parse(events[1].After!).RootElement.GetProperty("Wheels").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Bulk_statements_on_a_type_with_change_events_are_refused()
    {
        var id = await NewDocumentAsync();
        await using var db = await OpenAsync("bob");

        var update = () => db.Documents.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Price, 1m));
        var delete = () => db.Documents.Where(d => d.Id == id).ExecuteDeleteAsync();

        (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*change events*");
        (await delete.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*change events*");
        (await db.Documents.SingleAsync(d => d.Id == id)).Price.Should().Be(10.5m);
    }

    [Fact]
    public async Task Dead_lettered_events_are_given_back_to_the_relay_pending_and_due_with_no_attempts()
    {
        var id = await NewDocumentAsync();
        await using var db = await OpenAsync("ops");
        var stream = db.ChangeEvents().Where(e => e.StreamType == "Document" && e.StreamId == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.Set<ChangeEvent>().Where(e => e.StreamType == "Document" && e.StreamId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ChangeEventStatus.Failed).SetProperty(e => e.Attempts, 10).SetProperty(e => e.LastError, "down"));
        Clock.Advance(TimeSpan.FromHours(1));

        var given = db.RetryFailedChangeEvents();

        given.Should().BeGreaterThanOrEqualTo(1);
        (await stream.SingleAsync()).Should().Match<ChangeEvent>(e =>
            e.Status == ChangeEventStatus.Pending && e.Attempts == 0 && e.NextAttemptAt == Now(Clock) && e.LastError == "down");
    }

    [Fact]
    public async Task A_consumer_marks_an_event_processed_once_in_its_own_transaction()
    {
        var changeEvent = new ChangeEvent { Id = Guid.CreateVersion7() };
        await using var db = await OpenAsync("billing");

        await using (var rolledBack = await db.Database.BeginTransactionAsync())
        {
            (await db.MarkChangeEventProcessedAsync(changeEvent, "billing")).Should().BeTrue();
            await rolledBack.RollbackAsync();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            (await db.MarkChangeEventProcessedAsync(changeEvent, "billing")).Should().BeTrue("the rolled back mark was undone with its work");
            await transaction.CommitAsync();
        }

        db.MarkChangeEventProcessed(changeEvent, "billing").Should().BeFalse("a redelivery is skipped");
        (await db.MarkChangeEventProcessedAsync(changeEvent, "shipping")).Should().BeTrue("each consumer keeps its own record");
        (await db.Set<ProcessedChangeEvent>().CountAsync(p => p.EventId == changeEvent.Id)).Should().Be(2);
    }

    public void Dispose()
    {
        _contexts?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected static string Q(string identifier) => $"\"{identifier}\"";

    protected Task<EventsDb> OpenAsync(string? actor = null) => Contexts.OpenAsync<EventsDb>(actor);

    protected async Task<int> NewDocumentAsync()
    {
        await using var db = await OpenAsync("alice");
        var document = new Document { Title = Unique("doc"), Price = 10.5m };
        db.Add(document);
        await db.SaveChangesAsync();
        return document.Id;
    }

    protected async Task<List<ChangeEvent>> StreamAsync(int documentId)
    {
        await using var db = await OpenAsync();
        return await db.ChangeEventStream(new Document { Id = documentId }).ToListAsync();
    }

    private async Task<long> VersionOfAsync(int documentId)
        => Convert.ToInt64(await Store.ScalarAsync($"SELECT {Q("StreamVersion")} FROM {Q("Documents")} WHERE {Q("Id")} = {documentId}"), System.Globalization.CultureInfo.InvariantCulture);
}
