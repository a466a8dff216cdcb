using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Temporal;

/// <summary>
/// Temporal history (seed 'temporal-event-tenant-migration'), written once and run on every provider.
/// </summary>
public abstract class TemporalHistorySpec(TestStore store) : IDisposable
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private readonly List<ServiceProvider> _providers = [];
    private readonly List<AsyncServiceScope> _scopes = [];

    protected TestStore Store { get; } = store;

    protected TestClock Clock { get; } = new(Start);

    protected static DateTime T(int minutes)
    {
        var time = Start.AddMinutes(minutes);
        return new DateTime(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }

    [Fact]
    public async Task Inserting_starts_version_1_at_the_save_time()
    {
        var id = await NewDocumentAsync("alice");

        await using var db = await OpenAsync();
        var entry = db.Entry(await db.Documents.SingleAsync(d => d.Id == id)).Versioning();
        entry.Version.Should().Be(1);
        entry.ValidFrom.Should().Be(T(0));
        (await HistoryCountAsync("document_history", id)).Should().Be(0);
    }

    [Fact]
    public async Task Updating_copies_the_old_values_to_a_history_row_and_starts_the_next_version()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        await EditDocumentAsync(id, "bob", 5, "v2");

        await using var db = await OpenAsync();
        var current = await db.Documents.SingleAsync(d => d.Id == id);
        current.Content.Should().Be("v2");
        db.Entry(current).Versioning().Version.Should().Be(2);
        db.Entry(current).Versioning().ValidFrom.Should().Be(T(5));

        var history = db.Documents.History(id);
        history.Should().HaveCount(2);
        history[0].Should().BeEquivalentTo(new { Version = 2, ValidFrom = T(5), ValidTo = (DateTime?)null, ChangedBy = "bob", RemovedBy = (string?)null, IsCurrent = true });
        history[0].Entity.Content.Should().Be("v2");
        history[1].Should().BeEquivalentTo(new { Version = 1, ValidFrom = T(0), ValidTo = (DateTime?)T(5), ChangedBy = "alice", RemovedBy = (string?)null, IsCurrent = false });
        history[1].Entity.Content.Should().Be("v1");
        (await HistoryCountAsync("document_history", id)).Should().Be(1);
    }

    [Fact]
    public async Task Deleting_writes_a_history_row_that_closes_the_last_period()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        await EditDocumentAsync(id, "bob", 1, "v2");
        Clock.Advance(TimeSpan.FromMinutes(2));
        await using (var db = await OpenAsync("carol"))
        {
            db.Documents.Remove(await db.Documents.SingleAsync(d => d.Id == id));
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        (await check.Documents.AnyAsync(d => d.Id == id)).Should().BeFalse();
        var history = await check.Documents.HistoryAsync([id]);
        history.Select(h => (h.Version, h.ValidFrom, h.ValidTo, h.ChangedBy, h.RemovedBy, h.Entity.Content)).Should().Equal(
            (2, T(1), T(3), "bob", "carol", "v2"),
            (1, T(0), T(1), "alice", null, "v1"));
        (await check.Documents.TemporalAsOf(T(2)).SingleAsync(d => d.Id == id)).Content.Should().Be("v2");
        (await check.Documents.TemporalAsOf(T(3)).AnyAsync(d => d.Id == id)).Should().BeFalse("the period a delete closes excludes its end");
    }

    [Fact]
    public async Task A_delete_another_strategy_turns_into_an_update_closes_the_period_and_starts_the_next_version()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var services = BuildServices(rowKeepingDelete: true);
        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TestActor>().ActorId = "carol";
            var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();
            db.Documents.Remove(await db.Documents.SingleAsync(d => d.Id == id));
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var history = check.Documents.History(id);
        history.Select(h => (h.Version, h.Entity.Title.EndsWith(RowKeepingDeleteHandler.DeletedSuffix), h.ValidFrom, h.ValidTo, h.ChangedBy))
            .Should().Equal((2, true, T(1), null, "carol"), (1, false, T(0), T(1), "alice"));
        history.Should().OnlyContain(h => h.RemovedBy == null, "the row was kept: its delete is a version of its own");
    }

    [Fact]
    public async Task A_clock_behind_the_stored_ValidFrom_never_writes_a_negative_or_overlapping_period()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        Clock.SetUtcNow(Start.AddMinutes(10));
        await EditDocumentAsync(id, "bob", 0, "v2");
        Clock.SetUtcNow(Start.AddMinutes(4)); // the clock moves backwards
        await EditDocumentAsync(id, "bob", 0, "v3");
        await EditDocumentAsync(id, "bob", 0, "v4");

        await using var db = await OpenAsync();
        var history = db.Documents.History(id);
        history.Select(h => h.Version).Should().Equal(4, 3, 2, 1);
        history.Should().OnlyContain(h => h.ValidTo == null || h.ValidTo >= h.ValidFrom, "no period ends before it starts");
        for (var i = 0; i + 1 < history.Count; i++)
        {
            history[i + 1].ValidTo.Should().Be(history[i].ValidFrom, "each period ends where the next one starts");
        }

        history[0].ValidFrom.Should().Be(T(10), "a period never starts before the stored one");
        (await db.Documents.TemporalAsOf(T(11)).SingleAsync(d => d.Id == id)).Content.Should().Be("v4");
    }

    [Fact]
    public async Task A_failed_save_leaves_no_history_row_and_a_retry_writes_each_once()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        var taken = (await NewDocumentTitleAsync("alice"));
        Clock.Advance(TimeSpan.FromMinutes(1));

        await using var db = await OpenAsync("bob");
        var document = await db.Documents.SingleAsync(d => d.Id == id);
        document.Content = "v2";
        var duplicate = new Document { Title = taken };
        db.Add(duplicate);

        var act = () => db.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateException>();
        (await HistoryCountAsync("document_history", id)).Should().Be(0);
        db.Entry(document).Versioning().Version.Should().Be(1, "the version the pipeline set was undone");
        db.ChangeTracker.Entries().Should().HaveCount(2, "the history row the pipeline added was detached");

        duplicate.Title = Unique("free");
        await db.SaveChangesAsync();

        await using var check = await OpenAsync();
        (await HistoryCountAsync("document_history", id)).Should().Be(1);
        check.Documents.History(id).Select(h => h.Version).Should().Equal(2, 1);
        check.Documents.History(duplicate.Id).Should().ContainSingle().Which.Version.Should().Be(1);
    }

    [Fact]
    public async Task A_large_change_set_writes_every_history_row_once_in_the_same_transaction()
    {
        var ids = await NewDocumentsAsync(25);
        var commands = new List<string>();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await OpenAsync("bob", commands))
        {
            var documents = await db.Documents.Where(d => ids.Contains(d.Id)).ToListAsync();
            documents.ForEach(d => d.Content = "v2");
            db.Remove(documents[0]);
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        foreach (var id in ids)
        {
            (await HistoryCountAsync("document_history", id)).Should().Be(1);
        }

        var deleted = check.Documents.History(ids[0]).Should().ContainSingle().Subject;
        deleted.Should().BeEquivalentTo(new { Version = 1, ValidFrom = T(0), ValidTo = (DateTime?)T(1), ChangedBy = "alice", RemovedBy = "bob" });
        deleted.Entity.Content.Should().Be("v1");
        var updated = check.Documents.History(ids[1]);
        updated.Select(h => (h.Version, h.Entity.Content, h.ValidTo)).Should().Equal((2, "v2", null), (1, "v1", T(1)));
        (await check.Documents.TemporalAsOf(T(0)).CountAsync(d => ids.Contains(d.Id))).Should().Be(25);
        commands.Any(c => c.Contains("unnest(", StringComparison.Ordinal)).Should().Be(
            UsesSetBasedHistory, "PostgreSQL writes a large set of history rows with one statement");
    }

    [Fact]
    public async Task A_failed_large_change_set_leaves_no_history_row_and_a_retry_writes_each_once()
    {
        var ids = await NewDocumentsAsync(25);
        var taken = await NewDocumentTitleAsync("alice");
        Clock.Advance(TimeSpan.FromMinutes(1));

        await using var db = await OpenAsync("bob");
        var documents = await db.Documents.Where(d => ids.Contains(d.Id)).ToListAsync();
        documents.ForEach(d => d.Content = "v2");
        var duplicate = new Document { Title = taken };
        db.Add(duplicate);

        var act = () => db.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateException>();
        foreach (var id in ids)
        {
            (await HistoryCountAsync("document_history", id)).Should().Be(0);
        }

        duplicate.Title = Unique("free");
        db.SaveChanges();

        foreach (var id in ids)
        {
            (await HistoryCountAsync("document_history", id)).Should().Be(1);
        }

        await using var check = await OpenAsync();
        check.Documents.History(ids[3]).Select(h => h.Version).Should().Equal(2, 1);
    }

    [Fact]
    public async Task History_rows_roll_back_with_the_applications_transaction()
    {
        var ids = await NewDocumentsAsync(12);
        Clock.Advance(TimeSpan.FromMinutes(1));

        await using (var db = await OpenAsync("bob"))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var documents = await db.Documents.Where(d => ids.Contains(d.Id)).ToListAsync();
            documents.ForEach(d => d.Content = "v2");
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        foreach (var id in ids)
        {
            (await HistoryCountAsync("document_history", id)).Should().Be(0);
        }

        await using var check = await OpenAsync();
        (await check.Documents.CountAsync(d => ids.Contains(d.Id) && d.Content == "v1")).Should().Be(12);
    }

    [Fact]
    public async Task Two_writers_updating_the_same_version_cannot_both_close_it()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        await using var first = await OpenAsync("bob");
        await using var second = await OpenAsync("carol");
        (await first.Documents.SingleAsync(d => d.Id == id)).Content = "bob's";
        (await second.Documents.SingleAsync(d => d.Id == id)).Content = "carol's";

        await first.SaveChangesAsync();
        var act = () => second.SaveChangesAsync();

        // Version is a concurrency token and (key, Version) the history's key: whichever the database reports first
        // (a batched PostgreSQL save hits the duplicate history key before EF counts the rows updated), the second
        // writer fails and writes nothing.
        await act.Should().ThrowAsync<DbUpdateException>();
        (await HistoryCountAsync("document_history", id)).Should().Be(1);
        await using var check = await OpenAsync();
        (await check.Documents.SingleAsync(d => d.Id == id)).Content.Should().Be("bob's");
    }

    [Fact]
    public async Task Two_writers_updating_the_same_versions_of_a_large_change_set_cannot_both_close_them()
    {
        var ids = await NewDocumentsAsync(12);
        await using var first = await OpenAsync("bob");
        await using var second = await OpenAsync("carol");
        (await first.Documents.Where(d => ids.Contains(d.Id)).ToListAsync()).ForEach(d => d.Content = "bob's");
        (await second.Documents.Where(d => ids.Contains(d.Id)).ToListAsync()).ForEach(d => d.Content = "carol's");

        await first.SaveChangesAsync();
        var act = () => second.SaveChangesAsync();

        await act.Should().ThrowAsync<DbUpdateException>();
        foreach (var id in ids)
        {
            (await HistoryCountAsync("document_history", id)).Should().Be(1);
        }

        await using var check = await OpenAsync();
        (await check.Documents.CountAsync(d => ids.Contains(d.Id) && d.Content == "bob's")).Should().Be(12);
        second.Entry(second.Documents.Local.First()).Versioning().Version.Should().Be(1, "the failed save was undone");
        second.Database.CurrentTransaction.Should().BeNull("a transaction begun for the save ends with it");
    }

    [Fact]
    public async Task TemporalAsOf_returns_the_values_valid_at_that_time_untracked_and_composes_with_LINQ()
    {
        var prefix = Unique("asof");
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await NewDocumentAsync("alice", title: $"{prefix}-{i}", content: "v1"));
        }

        await EditDocumentAsync(ids[0], "bob", 10, "v2");
        await EditDocumentAsync(ids[1], "bob", 0, "v2");

        await using var db = await OpenAsync();
        var asOf = db.Documents.TemporalAsOf(T(5)).Where(d => d.Title.StartsWith(prefix));
        (await asOf.CountAsync()).Should().Be(3);
        (await asOf.OrderBy(d => d.Title).Select(d => d.Content).ToListAsync()).Should().Equal("v1", "v1", "v1");
        (await asOf.OrderBy(d => d.Title).Skip(1).Take(1).Select(d => d.Title).SingleAsync()).Should().Be($"{prefix}-1");
        var past = await db.Documents.TemporalAsOf(T(5)).SingleAsync(d => d.Id == ids[0]);
        db.Entry(past).State.Should().Be(EntityState.Detached);

        var now = db.Documents.TemporalAsOf(T(10)).Where(d => d.Title.StartsWith(prefix));
        (await now.OrderBy(d => d.Title).Select(d => d.Content).ToListAsync()).Should().Equal("v2", "v2", "v1");
        (await now.Select(d => EF.Property<int>(d, "Version")).SumAsync()).Should().Be(5, "version and period are readable in queries");
        (await db.Documents.TemporalAsOf(T(-1)).CountAsync(d => d.Title.StartsWith(prefix))).Should().Be(0);
    }

    [Fact]
    public async Task Range_queries_use_EF_SQL_Server_period_bounds()
    {
        // Version 1: [0, 10), version 2: [10, 20), version 3: [20, forever)
        var id = await NewDocumentAsync("alice", content: "v1");
        await EditDocumentAsync(id, "bob", 10, "v2");
        await EditDocumentAsync(id, "bob", 10, "v3");

        await using var db = await OpenAsync();
        async Task<List<string?>> Contents(IQueryable<Document> query)
            => await query.Where(d => d.Id == id).OrderBy(d => EF.Property<int>(d, "Version")).Select(d => d.Content).ToListAsync();

        (await Contents(db.Documents.TemporalAll())).Should().Equal("v1", "v2", "v3");
        (await Contents(db.Documents.TemporalFromTo(T(0), T(10)))).Should().Equal(["v1"], "FromTo excludes a period starting at its end");
        (await Contents(db.Documents.TemporalBetween(T(0), T(10)))).Should().Equal(["v1", "v2"], "Between includes a period starting at its end");
        (await Contents(db.Documents.TemporalFromTo(T(10), T(25)))).Should().Equal("v2", "v3");
        (await Contents(db.Documents.TemporalContainedIn(T(0), T(20)))).Should().Equal(["v1", "v2"], "the current row never ends");
        (await Contents(db.Documents.TemporalContainedIn(T(1), T(20)))).Should().Equal(["v2"], "v1 starts before the range");
        (await Contents(db.Documents.TemporalAsOf(T(10)))).Should().Equal(["v2"], "a period includes its start");
        (await Contents(db.Documents.TemporalAsOf(T(20)))).Should().Equal(["v3"]);
    }

    [Fact]
    public async Task Temporal_queries_reject_times_that_are_not_UTC()
    {
        await using var db = await OpenAsync();
        var local = () => db.Documents.TemporalAsOf(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local));
        var unspecified = () => db.Documents.TemporalBetween(T(0), new DateTime(2026, 1, 1));

        local.Should().Throw<ArgumentException>().WithMessage("*DateTimeKind.Local*UTC*").And.ParamName.Should().Be("utcPointInTime");
        unspecified.Should().Throw<ArgumentException>().WithMessage("*DateTimeKind.Unspecified*").And.ParamName.Should().Be("utcTo");
    }

    [Fact]
    public async Task Every_version_names_its_author_the_current_one_included_and_a_delete_names_who_removed_the_row()
    {
        // Templates have no change stamps: authorship is temporal history's own.
        await using (var db = await OpenAsync("alice"))
        {
            db.Templates.Add(new Template { Name = Unique("authored"), Body = "b1" });
            await db.SaveChangesAsync();
        }

        int id;
        await using (var db = await OpenAsync())
        {
            var template = await db.Templates.OrderByDescending(t => t.Id).FirstAsync();
            id = template.Id;
            db.Entry(template).Versioning().ChangedBy.Should().Be("alice");
            db.Templates.History(id).Should().ContainSingle().Which.Should().BeEquivalentTo(new { Version = 1, ChangedBy = "alice", RemovedBy = (string?)null, IsCurrent = true });
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await OpenAsync("bob"))
        {
            (await db.Templates.SingleAsync(t => t.Id == id)).Body = "b2";
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync())
        {
            db.Templates.History(id).Select(h => (h.Version, h.ChangedBy, h.RemovedBy, h.IsCurrent))
                .Should().Equal((2, "bob", null, true), (1, "alice", null, false));
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await OpenAsync("carol"))
        {
            db.Templates.Remove(await db.Templates.SingleAsync(t => t.Id == id));
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        (await check.Templates.HistoryAsync([id])).Select(h => (h.Version, h.ChangedBy, h.RemovedBy, h.IsCurrent))
            .Should().Equal((2, "bob", "carol", false), (1, "alice", null, false));
    }

    [Fact]
    public async Task An_as_of_query_returns_the_graph_as_it_was_with_rows_deleted_since_and_without_rows_added_later()
    {
        await using var db = await OpenAsync("alice");
        var customer = new Customer { Name = "Acme" };
        var shoe = new OrderLine { Product = "shoe" };
        var order = new Order { Number = Unique("order"), Customer = customer, Lines = [shoe, new OrderLine { Product = "hat" }] };
        db.Add(order);
        await db.SaveChangesAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        customer.Name = "Acme Corp";
        shoe.Product = "boot";
        order.Lines.Add(new OrderLine { Product = "sock" });
        db.Remove(order.Lines.Single(l => l.Product == "hat"));
        await db.SaveChangesAsync();

        // As of T(0): the shoe (since renamed) and the hat (since deleted), not the sock (added later).
        var then = await db.Orders.TemporalAsOf(T(0)).Include(o => o.Lines).Include(o => o.Customer).SingleAsync(o => o.Id == order.Id);
        then.Lines.Select(l => l.Product).Should().BeEquivalentTo(["shoe", "hat"]);
        then.Customer!.Name.Should().Be("Acme Corp", "a navigation to an entity without history loads its current row");
        var now = await db.Orders.TemporalAsOf(T(1)).Include(o => o.Lines).SingleAsync(o => o.Id == order.Id);
        now.Lines.Select(l => l.Product).Should().BeEquivalentTo(["boot", "sock"]);

        // Navigations in projections and from the other side are taken as of the same time.
        (await db.Orders.TemporalAsOf(T(0)).Where(o => o.Id == order.Id).Select(o => o.Lines.Count).SingleAsync()).Should().Be(2);
        (await db.OrderLines.TemporalAsOf(T(0)).Where(l => l.OrderId == order.Id).Select(l => l.Order!.Number).Distinct().SingleAsync()).Should().Be(order.Number);
        var byName = await db.Orders.TemporalAsOf(T(0)).Include("Lines").SingleAsync(o => o.Id == order.Id);
        byName.Lines.Should().HaveCount(2);
        var filtered = await db.Orders.TemporalAsOf(T(0)).Include(o => o.Lines.Where(l => l.Product != "hat")).SingleAsync(o => o.Id == order.Id);
        filtered.Lines.Select(l => l.Product).Should().Equal("shoe");
        var back = await db.OrderLines.TemporalAsOf(T(0)).Include(l => l.Order).ThenInclude(o => o!.Customer).FirstAsync(l => l.Product == "hat");
        (back.Order!.Number, back.Order.Customer!.Name).Should().Be((order.Number, "Acme Corp"), "a deleted line's order as of then, and its customer now");

        // Other temporal methods return many versions per key: which related version belongs to which is not defined, so refused.
        var all = () => db.Orders.TemporalAll().Include(o => o.Lines).ToListAsync();
        (await all.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("A temporal query of 'Order' (TemporalAll, TemporalBetween, TemporalFromTo, TemporalContainedIn) navigates through 'Order.Lines' to 'OrderLine'*TemporalAsOf*");
        var between = () => db.OrderLines.TemporalBetween(T(0), T(5)).Select(l => l.Order!.Number).ToListAsync();
        await between.Should().ThrowAsync<InvalidOperationException>().WithMessage("*'OrderLine.Order' to 'Order'*");
        (await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == order.Id)).Lines.Should().HaveCount(2, "current queries navigate as ever");
    }

    [Fact]
    public async Task Redacted_values_left_out_of_the_history_have_no_column_there_and_read_as_null_in_past_versions()
    {
        await using var db = await OpenAsync("alice");
        var vault = new Vault { Name = "v1", Pin = 1234, Note = "under the mat" };
        db.Add(vault);
        await db.SaveChangesAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        vault.Name = "v2";
        vault.Pin = 5678;
        await db.SaveChangesAsync();

        var history = db.Model.FindEntityType(typeof(Vault))!.FindTemporalHistoryEntityType()!;
        history.FindProperty(nameof(Vault.Pin)).Should().BeNull("the history table has no column for a value it must not keep");
        history.FindProperty(nameof(Vault.Note)).Should().BeNull();
        (await HistoryCountAsync(history.GetTableName()!, vault.Id)).Should().Be(1);

        var then = await db.Vaults.TemporalAsOf(T(0)).SingleAsync(v => v.Id == vault.Id);
        (then.Name, then.Pin, then.Note).Should().Be(("v1", (int?)null, (string?)null));
        var now = await db.Vaults.TemporalAsOf(T(1)).SingleAsync(v => v.Id == vault.Id);
        (now.Name, now.Pin, now.Note).Should().Be(("v2", (int?)5678, "under the mat"), "the current row keeps its values");

        (await db.Vaults.TemporalDiffAsync([vault.Id], 1, 2)).Select(c => c.Field).Should().Equal(["Name"], "values the history does not keep are no change");
        var pinHistory = () => db.Vaults.FieldHistory([vault.Id], v => v.Pin);
        pinHistory.Should().Throw<ArgumentException>().WithMessage("*[Redacted]*keeps nothing*");

        await db.RestoreAsOfAsync(vault, T(0));
        await db.SaveChangesAsync();
        (await db.Vaults.AsNoTracking().SingleAsync(v => v.Id == vault.Id)).Should().BeEquivalentTo(new { Name = "v1", Pin = 5678, Note = "under the mat" });
    }

    [Fact]
    public async Task RestoreAsOf_writes_the_past_values_as_a_new_version()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        await EditDocumentAsync(id, "bob", 10, "v2");
        Clock.Advance(TimeSpan.FromMinutes(10));

        await using (var db = await OpenAsync("carol"))
        {
            var document = await db.Documents.SingleAsync(d => d.Id == id);
            await db.RestoreAsOfAsync(document, T(5));
            document.Content.Should().Be("v1");
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var history = check.Documents.History(id);
        history.Select(h => (h.Version, h.Entity.Content)).Should().Equal((3, "v1"), (2, "v2"), (1, "v1"));
        history.Select(h => h.ChangedBy).Should().Equal("carol", "bob", "alice");
        var restore = () => check.RestoreAsOf(history[0].Entity, T(5));
        restore.Should().Throw<InvalidOperationException>().WithMessage("*tracked*");
        var tracked = await check.Documents.SingleAsync(d => d.Id == id);
        var tooEarly = () => check.RestoreAsOf(tracked, T(-5));
        tooEarly.Should().Throw<InvalidOperationException>().WithMessage("*did not exist*");
    }

    [Fact]
    public async Task Clr_period_properties_composite_keys_and_DateTimeOffset_periods_work_like_shadow_ones()
    {
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(new Template { Name = Unique("tpl"), Body = "Hello {name}" });
            db.Add(new ContextLayer { TenantId = "t1", Number = 7, LayerType = "system" });
            await db.SaveChangesAsync();
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        int templateId;
        await using (var db = await OpenAsync("bob"))
        {
            var template = await db.Templates.OrderByDescending(t => t.Id).FirstAsync();
            template.Body = "Hi {name}";
            (await db.ContextLayers.SingleAsync(l => l.TenantId == "t1" && l.Number == 7)).LayerType = "user";
            await db.SaveChangesAsync();
            template.Version.Should().Be(2);
            template.ValidFrom.Should().Be(T(1));
            templateId = template.Id;
        }

        await using var check = await OpenAsync();
        (await check.Templates.TemporalAsOf(T(0)).SingleAsync(t => t.Id == templateId)).Should()
            .BeEquivalentTo(new { Body = "Hello {name}", Version = 1, ValidFrom = T(0) });
        var layers = check.ContextLayers.History("t1", 7);
        layers.Select(l => (l.Version, l.Entity.LayerType, l.ValidTo)).Should().Equal((2, "user", null), (1, "system", T(1)));
        (await check.ContextLayers.TemporalAsOf(T(0)).SingleAsync(l => l.TenantId == "t1")).LayerType.Should().Be("system");
    }

    [Fact]
    public async Task Change_stamps_compose_with_the_history()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        await EditDocumentAsync(id, "bob", 3, "v2");

        await using var db = await OpenAsync();
        var past = await db.Documents.TemporalAsOf(T(1))
            .Where(d => d.Id == id)
            .Select(d => new { UpdatedBy = EF.Property<string>(d, "UpdatedBy"), UpdatedAt = EF.Property<DateTime>(d, "UpdatedAt") })
            .SingleAsync();
        past.UpdatedBy.Should().Be("alice");
        var current = db.Entry(await db.Documents.SingleAsync(d => d.Id == id)).Versioning();
        current.UpdatedBy.Should().Be("bob");
        current.UpdatedAt.Should().Be(current.ValidFrom);
    }

    [Fact]
    public async Task A_key_inserted_again_after_its_delete_continues_its_versions_and_can_be_updated()
    {
        var tenant = Unique("t");
        await SaveMinuteByMinuteAsync(
            db => { db.Add(new ContextLayer { TenantId = tenant, Number = 1, LayerType = "system" }); return Task.CompletedTask; },
            async db => (await db.ContextLayers.SingleAsync(l => l.TenantId == tenant)).LayerType = "user",
            async db => db.Remove(await db.ContextLayers.SingleAsync(l => l.TenantId == tenant)),
            db => { db.Add(new ContextLayer { TenantId = tenant, Number = 1, LayerType = "again" }); return Task.CompletedTask; },
            async db => (await db.ContextLayers.SingleAsync(l => l.TenantId == tenant)).LayerType = "again, changed");

        await using var check = await OpenAsync();
        check.ContextLayers.History(tenant, 1).Select(v => (v.Version, v.Entity.LayerType)).Should().Equal(
            (4, "again, changed"), (3, "again"), (2, "user"), (1, "system"));
    }

    [Fact]
    public async Task A_key_deleted_and_inserted_again_in_one_save_continues_its_versions_and_can_be_updated()
    {
        var tenant = Unique("t");
        await SaveMinuteByMinuteAsync(
            db => { db.Add(new ContextLayer { TenantId = tenant, Number = 1, LayerType = "system" }); return Task.CompletedTask; },
            async db =>
            {
                db.Remove(await db.ContextLayers.SingleAsync(l => l.TenantId == tenant));
                db.Add(new ContextLayer { TenantId = tenant, Number = 1, LayerType = "replaced" });
            },
            async db => (await db.ContextLayers.SingleAsync(l => l.TenantId == tenant)).LayerType = "replaced, changed");

        await using var check = await OpenAsync();
        check.ContextLayers.History(tenant, 1).Select(v => (v.Version, v.Entity.LayerType)).Should().Equal(
            (3, "replaced, changed"), (2, "replaced"), (1, "system"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task A_copy_sent_back_and_saved_with_Update_writes_the_stored_values_to_history(int count)
    {
        List<Template> stored;
        await using (var db = await OpenAsync("alice"))
        {
            stored = [.. Enumerable.Range(0, count).Select(i => new Template { Name = Unique("sent"), Body = "stored " + i })];
            db.AddRange(stored);
            await db.SaveChangesAsync();
        }

        // What a web API gets back from its client: a copy with the version it read, not tracked by any context.
        Clock.Advance(TimeSpan.FromMinutes(1));
        var sent = stored.Select(t => new Template { Id = t.Id, Name = t.Name, Body = "sent", ValidFrom = t.ValidFrom, Version = t.Version }).ToList();
        await using (var db = await OpenAsync("bob"))
        {
            db.UpdateRange(sent);
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var ids = stored.Select(t => t.Id).ToList();
        var versions = await check.Set<Template>().TemporalAll().Where(t => ids.Contains(t.Id)).ToListAsync();
        versions.Should().HaveCount(2 * count);
        versions.Where(v => v.Version == 1).Select(v => v.Body).Should().BeEquivalentTo(stored.Select(t => t.Body), "history holds what the database held, not the copy's values");
        versions.Where(v => v.Version == 2).Should().OnlyContain(v => v.Body == "sent");
    }

    [Fact]
    public async Task A_sent_copy_whose_save_fails_is_left_as_the_application_sent_it_and_a_retry_records_the_stored_values()
    {
        Template stored;
        await using (var db = await OpenAsync("alice"))
        {
            stored = new Template { Name = Unique("stale"), Body = "stored" };
            db.Add(stored);
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync("bob"))
        {
            var sent = new Template { Id = stored.Id, Name = stored.Name, Body = "sent", ValidFrom = stored.ValidFrom, Version = 7 };
            db.Update(sent);
            await db.Invoking(d => d.SaveChangesAsync()).Should().ThrowAsync<DbUpdateConcurrencyException>("the copy's version is not the stored one");

            var body = db.Entry(sent).Property(t => t.Body);
            (body.OriginalValue, body.IsModified).Should().Be(("sent", true), "a failed save leaves the tracker as the application left it");

            db.Entry(sent).Property(t => t.Version).OriginalValue = stored.Version;
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        (await check.Set<Template>().TemporalAll().Where(t => t.Id == stored.Id).OrderBy(t => t.Version).Select(t => t.Body).ToListAsync())
            .Should().Equal("stored", "sent");
    }

    [Fact]
    public async Task A_stub_attached_with_one_property_marked_modified_writes_the_whole_stored_row_to_history()
    {
        Template stored;
        await using (var db = await OpenAsync("alice"))
        {
            stored = new Template { Name = Unique("stored"), Body = "stored body" };
            db.Add(stored);
            await db.SaveChangesAsync();
        }

        // A partial update from a client: only the body is sent, the rest of the stub is defaults.
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await OpenAsync("bob"))
        {
            var stub = new Template { Id = stored.Id, Body = "patched", Version = stored.Version };
            db.Attach(stub).Property(t => t.Body).IsModified = true;
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var versions = await check.Set<Template>().TemporalAll().Where(t => t.Id == stored.Id).OrderBy(t => t.Version).ToListAsync();
        versions.Select(v => (v.Version, v.Name, v.Body)).Should().Equal((1, stored.Name, "stored body"), (2, stored.Name, "patched"));
        versions[0].ValidFrom.Should().Be(stored.ValidFrom, "the closed period starts where the stored row's did, not at the stub's default");
    }

    [Fact]
    public async Task A_generated_key_given_again_to_a_new_entity_in_the_save_that_deletes_its_row_continues_its_versions()
    {
        var label = new Label { Text = "first" };
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(label);
            await db.SaveChangesAsync();
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await OpenAsync("bob"))
        {
            db.Remove(await db.Labels.SingleAsync(l => l.Id == label.Id));
            db.Add(new Label { Id = label.Id, Text = "second" });
            await db.SaveChangesAsync();
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await OpenAsync("carol"))
        {
            (await db.Labels.SingleAsync(l => l.Id == label.Id)).Text = "third";
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        (await check.Labels.TemporalAll().Where(l => l.Id == label.Id).OrderBy(l => EF.Property<int>(l, "Version")).Select(l => EF.Property<int>(l, "Version") + ":" + l.Text).ToListAsync())
            .Should().Equal("1:first", "2:second", "3:third");
    }

    [Fact]
    public async Task A_redacted_value_reaches_the_history_as_the_mask_and_restoring_keeps_the_current_one()
    {
        int id;
        await using (var db = await OpenAsync("alice"))
        {
            var credential = new Credential { Name = "api", Secret = "s1" };
            db.Add(credential);
            await db.SaveChangesAsync();
            id = credential.Id;
        }

        Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var db = await OpenAsync("bob"))
        {
            var credential = await db.Credentials.SingleAsync(c => c.Id == id);
            (credential.Name, credential.Secret) = ("api v2", "s2");
            await db.SaveChangesAsync();
        }

        if (CapturesBulkStatements)
        {
            Clock.Advance(TimeSpan.FromMinutes(5));
            await using var bulk = await OpenAsync("carol");
            await bulk.Credentials.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Secret, "s3"));
        }

        await using var check = await OpenAsync();
        check.Credentials.History(id).Where(v => !v.IsCurrent).Select(v => v.Entity.Secret).Should().AllBe(ActivityLogEntry.RedactedMask);
        (await check.Credentials.TemporalAsOf(T(1)).SingleAsync(c => c.Id == id)).Should().BeEquivalentTo(new { Name = "api", Secret = ActivityLogEntry.RedactedMask });
        Convert.ToInt64(await Store.ScalarAsync($"SELECT COUNT(*) FROM {Quote("CredentialsHistory")} WHERE {Quote("Secret")} IN ('s1', 's2')"))
            .Should().Be(0, "no secret is copied into the history table");

        var current = await check.Credentials.AsTracking().SingleAsync(c => c.Id == id);
        var secret = current.Secret;
        await check.RestoreAsOfAsync(current, T(1));
        (current.Name, current.Secret).Should().Be(("api", secret), "a restore never puts the mask in place of the secret");
    }

    [Fact]
    public async Task A_diff_names_the_fields_that_changed_between_two_versions_or_two_times()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        await EditDocumentAsync(id, "bob", 5, "v2");
        Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var rename = await OpenAsync("carol"))
        {
            (await rename.Documents.SingleAsync(d => d.Id == id)).Title += " (renamed)";
            await rename.SaveChangesAsync();
        }

        await using var db = await OpenAsync();
        var title = (await db.Documents.AsNoTracking().SingleAsync(d => d.Id == id)).Title;

        db.Documents.TemporalDiff([id], 1, 2).Select(c => (c.Field, c.OldValue, c.NewValue)).Should().Equal(("Content", "v1", "v2"));
        (await db.Documents.TemporalDiffAsync([id], 1, 3)).Select(c => c.Field).Should().BeEquivalentTo(["Content", "Title"]);
        (await db.Documents.TemporalDiffBetweenAsync([id], T(1), T(6))).Select(c => (c.Field, c.OldValue, c.NewValue)).Should().Equal(("Content", "v1", "v2"));
        db.Documents.TemporalDiffBetween([id], T(6), T(11)).Should().ContainSingle().Which.NewValue.Should().Be(title);
        db.Documents.TemporalDiff([id], 2, 2).Should().BeEmpty();

        var missing = () => db.Documents.TemporalDiff([id], 1, 9);
        missing.Should().Throw<ArgumentException>().WithMessage("The 'Document' has no version 9*");
        var before = () => db.Documents.TemporalDiffBetween([id], T(-10), T(1));
        before.Should().Throw<ArgumentException>().WithMessage("The 'Document' had no version at *");
    }

    [Fact]
    public async Task Field_history_says_who_changed_a_field_when_from_what_to_what()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        await EditDocumentAsync(id, "bob", 5, "v2");
        await EditDocumentAsync(id, "carol", 5, "v2");   // no change of the content: no new version
        await EditDocumentAsync(id, "dave", 5, "v3");

        await using var db = await OpenAsync();
        var changes = await db.Documents.FieldHistoryAsync([id], d => d.Content);

        changes.Select(c => (c.Version, c.ChangedAt, c.ChangedBy, c.OldValue, c.NewValue)).Should().Equal(
            (2, T(5), "bob", "v1", "v2"),
            (3, T(15), "dave", "v2", "v3"));
        db.Documents.FieldHistory([id], d => d.Title).Should().BeEmpty();
        var notAField = () => db.Documents.FieldHistory([id], d => d.Content!.Length);
        notAField.Should().Throw<ArgumentException>().WithMessage("*is not a property of 'Document'*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task A_bulk_update_writes_the_old_values_to_history_and_starts_the_next_version(int count)
    {
        var ids = await NewDocumentsAsync(count);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await using var db = await OpenAsync("bob");

        var update = () => db.Documents.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Content, d => d.Content + "+bulk"));

        if (!CapturesBulkStatements)
        {
            (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate on 'Document'*temporal history*");
            (await db.Documents.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => d.Content).ToListAsync()).Should().AllBe("v1");
            return;
        }

        (await update()).Should().Be(count);
        foreach (var id in ids)
        {
            var current = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == id);
            current.Content.Should().Be("v1+bulk");
            var history = db.Documents.History(id);
            history.Should().HaveCount(2);
            history[0].Should().BeEquivalentTo(new { Version = 2, ValidFrom = T(5), ValidTo = (DateTime?)null, ChangedBy = "bob", IsCurrent = true });
            history[1].Should().BeEquivalentTo(new { Version = 1, ValidFrom = T(0), ValidTo = (DateTime?)T(5), ChangedBy = "alice", IsCurrent = false });
            history[1].Entity.Content.Should().Be("v1");
            var stamps = db.Entry(await db.Documents.SingleAsync(d => d.Id == id)).Versioning();
            stamps.UpdatedBy.Should().Be("bob");
            stamps.UpdatedAt.Should().Be(T(5));
        }
    }

    [Fact]
    public async Task A_bulk_delete_writes_the_last_values_to_history_and_deletes_the_rows()
    {
        var ids = await NewDocumentsAsync(3);
        Clock.Advance(TimeSpan.FromMinutes(7));
        await using var db = await OpenAsync("bob");

        var delete = () => db.Documents.Where(d => ids.Contains(d.Id)).ExecuteDelete();

        if (!CapturesBulkStatements)
        {
            delete.Should().Throw<InvalidOperationException>().WithMessage("ExecuteDelete on 'Document'*temporal history*");
            (await db.Documents.CountAsync(d => ids.Contains(d.Id))).Should().Be(3);
            return;
        }

        delete().Should().Be(3);
        (await db.Documents.CountAsync(d => ids.Contains(d.Id))).Should().Be(0);
        foreach (var id in ids)
        {
            var history = db.Documents.History(id);
            history.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Version = 1, ValidFrom = T(0), ValidTo = (DateTime?)T(7), ChangedBy = "alice", RemovedBy = "bob" });
            history[0].Entity.Content.Should().Be("v1");
        }
    }

    [Fact]
    public async Task A_bulk_update_of_a_limited_ordered_set_writes_history_for_exactly_the_rows_it_changed()
    {
        var ids = await NewDocumentsAsync(5);
        Clock.Advance(TimeSpan.FromMinutes(3));
        await using var db = await OpenAsync("bob");

        // EF writes this one as UPDATE … FROM (SELECT … ORDER BY … LIMIT) AS s WHERE d."Id" = s."Id".
        var update = () => db.Documents.Where(d => ids.Contains(d.Id)).OrderByDescending(d => d.Id).Take(2)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Content, "top two"));

        if (!CapturesBulkStatements)
        {
            await update.Should().ThrowAsync<InvalidOperationException>();
            return;
        }

        (await update()).Should().Be(2);
        var changed = ids.OrderByDescending(i => i).Take(2).ToList();
        foreach (var id in ids)
        {
            (await HistoryCountAsync("document_history", id)).Should().Be(changed.Contains(id) ? 1 : 0);
        }
    }

    [Fact]
    public async Task A_failing_bulk_update_writes_no_history_and_changes_nothing()
    {
        var ids = await NewDocumentsAsync(2);
        await using var db = await OpenAsync("bob");

        // Both rows get the same title, which the unique index refuses.
        var update = () => db.Documents.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Title, "same title"));

        await update.Should().ThrowAsync<Exception>();
        (await db.Documents.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => d.Content).ToListAsync()).Should().AllBe("v1");
        foreach (var id in ids)
        {
            (await HistoryCountAsync("document_history", id)).Should().Be(0);
        }
    }

    [Fact]
    public async Task A_bulk_update_may_not_set_the_period()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        await using var db = await OpenAsync("bob");

        var update = () => db.Documents.Where(d => d.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => EF.Property<int>(d, "Version"), 7));

        (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage(
            CapturesBulkStatements ? "ExecuteUpdate sets 'Document.Version', which temporal history maintains*" : "ExecuteUpdate on 'Document'*");
        (await HistoryCountAsync("document_history", id)).Should().Be(0);
    }

    [Fact]
    public async Task Compiled_bulk_statements_on_a_temporal_set_are_refused()
    {
        var id = await NewDocumentAsync("alice", content: "v1");
        await using var db = await OpenAsync("bob");
        var delete = EF.CompileQuery((TemporalDb c, int key) => c.Documents.Where(d => d.Id == key).ExecuteDelete());
        var update = EF.CompileAsyncQuery(
            (TemporalDb c, int key) => c.Documents.Where(d => d.Id == key).ExecuteUpdate(s => s.SetProperty(d => d.Content, "bulk")));

        ((Action)(() => delete(db, id))).Should().Throw<InvalidOperationException>().WithMessage("ExecuteDelete on 'Document'*");
        (await ((Func<Task>)(() => update(db, id))).Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate on 'Document'*");
        (await db.Documents.AsNoTracking().SingleAsync(d => d.Id == id)).Content.Should().Be("v1");
    }

    [Fact]
    public async Task An_as_of_point_lookup_filters_both_tables_by_key_and_period()
    {
        await using var db = await OpenAsync();
        var id = 42;
        var sql = db.Documents.TemporalAsOf(T(0)).Where(d => d.Id == id).ToQueryString();

        sql.Should().Contain("UNION ALL").And.MatchRegex("document_history\"? AS c WHERE");
        sql.Should().MatchRegex("ValidFrom\"? <= @").And.MatchRegex("ValidTo\"? > @");
        sql.Should().MatchRegex(@"\.""?Id""? = @", "the key predicate EF composes reaches the union's branches");
    }

    [Fact]
    public async Task An_as_of_point_lookup_is_compiled_once_whatever_the_time_and_key()
    {
        // A query cache of the test's own: the shared one is compacted when the whole suite has compiled enough queries.
        var compilations = new List<string>();
        using var queryCache = new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions());
        await using var scope = BuildServices(compilations: compilations, queryCache: queryCache).CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();
        await Store.EnsureTablesAsync(db);
        compilations.Clear();

        // A time baked into the query would compile once per time (3).
        foreach (var minutes in new[] { 7, 13, 29 })
        {
            var id = minutes;
            await db.Documents.TemporalAsOf(T(minutes)).FirstOrDefaultAsync(d => d.Id == id);
        }

        compilations.Should().HaveCountLessThanOrEqualTo(1, "the time and the key are parameters of one cached query");
    }

    [Fact]
    public async Task An_as_of_point_lookup_reuses_its_SQL_and_reads_the_version_of_each_time()
    {
        // Version 1: [0, 10), version 2: [10, forever)
        var id = await NewDocumentAsync("alice", content: "v1");
        await EditDocumentAsync(id, "bob", 10, "v2");
        var commands = new TemporalCommandRecorder();
        using var queryCache = new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions());
        await using var scope = BuildServices(interceptor: commands, queryCache: queryCache).CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();

        var contents = new List<string?>();
        foreach (var minutes in new[] { 5, 15, 6 })
        {
            contents.Add((await db.Documents.TemporalAsOf(T(minutes)).SingleAsync(d => d.Id == id)).Content);
        }

        contents.Should().Equal("v1", "v2", "v1");
        commands.Texts.Should().HaveCount(3).And.OnlyContain(text => ReferenceEquals(text, commands.Texts[0]),
            "EF keeps the SQL of a temporal query in its command cache instead of generating it on every execution");

        // Composed with a list of keys, each execution reads its own list and time.
        var other = await NewDocumentAsync("alice", content: "w1");
        async Task<List<string?>> ContentsAsOf(int minutes, List<int> keys)
            => await db.Documents.TemporalAsOf(T(minutes)).Where(d => keys.Contains(d.Id)).OrderBy(d => d.Id).Select(d => d.Content).ToListAsync();

        (await ContentsAsOf(15, [id, other])).Should().Equal("v2", "w1");
        (await ContentsAsOf(5, [id])).Should().Equal("v1");
    }

    [Fact]
    public async Task An_as_of_query_sends_its_time_once_for_both_branches()
    {
        await using var db = await OpenAsync();
        var id = 42;
        var sql = db.Documents.TemporalAsOf(T(0)).Where(d => d.Id == id).ToQueryString();

        // Every parameter is bound on every execution; the header lists one line per parameter
        // ("-- p0=..." on PostgreSQL, ".param set p0 ..." on SQLite).
        Regex.Matches(sql, @"^(--|\.param set) p\d+", RegexOptions.Multiline).Should().ContainSingle("the as-of time is one parameter");
        Regex.Matches(sql, "@p0").Should().HaveCount(3, "the current branch's start and the history branch's start and end all compare with it");
    }

    [Fact]
    public async Task Snake_case_naming_names_the_history_table_and_columns_like_the_seed()
    {
        var services = BuildServices(o => o.UseSnakeCaseNamingConvention());
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestActor>().ActorId = "alice";
        var db = scope.ServiceProvider.GetRequiredService<SnakeCaseTemporalDb>();
        await Store.EnsureTablesAsync(db);
        var memo = new Memo { MemoText = "v1" };
        db.Add(memo);
        await db.SaveChangesAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        memo.MemoText = "v2";
        await db.SaveChangesAsync();

        (await Store.ScalarAsync($"SELECT memo_text FROM memos_history WHERE id = {memo.Id} AND version = 1 AND changed_by = 'alice'"))
            .Should().Be("v1");
        (await Store.ScalarAsync($"SELECT COUNT(*) FROM memos_history WHERE id = {memo.Id} AND valid_to > valid_from")).Should().BeEquivalentTo(1);
        (await Store.ScalarAsync($"SELECT version FROM memos WHERE id = {memo.Id}")).Should().BeEquivalentTo(2);
        (await db.Memos.TemporalAsOf(T(0)).SingleAsync(m => m.Id == memo.Id)).MemoText.Should().Be("v1");
    }

    public void Dispose()
    {
        foreach (var scope in _scopes)
        {
            scope.Dispose();
        }

        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected virtual string Quote(string identifier) => $"\"{identifier}\"";

    /// <summary>Whether the provider writes large sets of history rows with one set-based statement.</summary>
    protected virtual bool UsesSetBasedHistory => false;

    /// <summary>Whether bulk statements write their history rows (else they are refused).</summary>
    protected virtual bool CapturesBulkStatements => false;

    protected async Task<List<int>> NewDocumentsAsync(int count)
    {
        await using var db = await OpenAsync("alice");
        var documents = Enumerable.Range(0, count).Select(i => new Document { Title = Unique($"bulk{i}"), Content = "v1" }).ToList();
        db.AddRange(documents);
        await db.SaveChangesAsync();
        return [.. documents.Select(d => d.Id)];
    }

    protected async Task<int> NewDocumentAsync(string actor, string? title = null, string? content = null)
    {
        await using var db = await OpenAsync(actor);
        var document = new Document { Title = title ?? Unique("doc"), Content = content };
        db.Add(document);
        await db.SaveChangesAsync();
        return document.Id;
    }

    protected async Task EditDocumentAsync(int id, string actor, int advanceMinutes, string content)
    {
        Clock.Advance(TimeSpan.FromMinutes(advanceMinutes));
        await using var db = await OpenAsync(actor);
        (await db.Documents.SingleAsync(d => d.Id == id)).Content = content;
        await db.SaveChangesAsync();
    }

    protected async Task<long> HistoryCountAsync(string table, int id)
        => Convert.ToInt64(await Store.ScalarAsync($"SELECT COUNT(*) FROM {Quote(table)} WHERE {Quote("Id")} = {id}"));

    /// <summary>A context in a DI scope of its own (disposed with the test) whose actor is <paramref name="actor"/>.</summary>
    protected async Task<TemporalDb> OpenAsync(string? actor = null, List<string>? commands = null)
    {
        var scope = (commands != null ? BuildServices(log: commands) : _providers.FirstOrDefault() ?? BuildServices()).CreateAsyncScope();
        _scopes.Add(scope);
        scope.ServiceProvider.GetRequiredService<TestActor>().ActorId = actor;
        var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();
        await Store.EnsureTablesAsync(db);
        return db;
    }

    private async Task<string> NewDocumentTitleAsync(string actor)
    {
        var title = Unique("taken");
        await NewDocumentAsync(actor, title: title);
        return title;
    }

    /// <summary>Saves each change in a context of its own, a minute after the one before.</summary>
    private async Task SaveMinuteByMinuteAsync(params Func<TemporalDb, Task>[] changes)
    {
        for (var i = 0; i < changes.Length; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(i == 0 ? 0 : 1));
            await using var db = await OpenAsync("alice");
            await changes[i](db);
            await db.SaveChangesAsync();
        }
    }

    private ServiceProvider BuildServices(
        Action<DbContextOptionsBuilder>? snakeCase = null, List<string>? log = null, bool rowKeepingDelete = false, List<string>? compilations = null,
        IInterceptor? interceptor = null, Microsoft.Extensions.Caching.Memory.IMemoryCache? queryCache = null)
    {
        var services = new ServiceCollection()
            .AddDbContext<TemporalDb>(o =>
            {
                Store.UseProvider(o);
                if (queryCache != null)
                {
                    o.UseMemoryCache(queryCache);
                }

                if (rowKeepingDelete)
                {
                    ((Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptionsBuilderInfrastructure)o).AddOrUpdateExtension(new RowKeepingDeleteExtension());
                }

                if (log != null)
                {
                    o.LogTo(m => { lock (log) { log.Add(m); } }, [Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted]);
                }
                else if (compilations != null)
                {
                    o.LogTo(m => { lock (compilations) { compilations.Add(m); } }, [Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.QueryCompilationStarting]);
                }

                if (interceptor != null)
                {
                    o.AddInterceptors(interceptor);
                }
            })
            .AddDbContext<SnakeCaseTemporalDb>(o => (snakeCase ?? (b => b.UseSnakeCaseNamingConvention()))(Store.UseProvider(o)))
            .AddScoped<TestActor>()
            .AddVersioning(v => v.UseActorAccessor(sp => sp.GetRequiredService<TestActor>()).UseTimeProvider(Clock))
            .BuildServiceProvider(validateScopes: true);
        _providers.Add(services);
        return services;
    }

    /// <summary>Records the command text of every temporal query the context runs (the instance, not a copy).</summary>
    private sealed class TemporalCommandRecorder : DbCommandInterceptor
    {
        private readonly List<string> _texts = [];

        public IReadOnlyList<string> Texts => _texts;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("UNION ALL", StringComparison.Ordinal))
            {
                _texts.Add(command.CommandText);
            }

            return ValueTask.FromResult(result);
        }
    }
}
