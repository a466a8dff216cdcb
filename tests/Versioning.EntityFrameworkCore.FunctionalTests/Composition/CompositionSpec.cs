using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Composition;

/// <summary>
/// Stamps, soft delete, temporal history and the activity log on one entity (they combine with anything):
/// each strategy writes what it writes alone, in the same save, and a failed save leaves none of them behind.
/// </summary>
public abstract class CompositionSpec : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    protected CompositionSpec(TestStore store)
    {
        Store = store;
        Contexts = new SpecContexts(store, Clock, (services, options) => services.AddDbContext<CompositionDb>(options));
    }

    private TestStore Store { get; }

    private FakeTimeProvider Clock { get; } = new(Start);

    private SpecContexts Contexts { get; }

    [Fact]
    public async Task Insert_update_and_delete_are_stamped_versioned_logged_and_soft_deleted_together()
    {
        var number = Unique("P");
        int id;
        await using (var db = await Contexts.OpenAsync<CompositionDb>("alice"))
        {
            var policy = new Policy { Number = number, Premium = 100m };
            db.Add(policy);
            await db.SaveChangesAsync();
            id = policy.Id;
        }

        Clock.Advance(TimeSpan.FromHours(1));
        await using (var db = await Contexts.OpenAsync<CompositionDb>("bob"))
        {
            var policy = await db.Policies.SingleAsync(p => p.Id == id);
            policy.Premium = 120m;
            await db.SaveChangesAsync();
        }

        Clock.Advance(TimeSpan.FromHours(1));
        await using (var db = await Contexts.OpenAsync<CompositionDb>("carol"))
        {
            db.Remove(await db.Policies.SingleAsync(p => p.Id == id));
            await db.SaveChangesAsync();
        }

        await using var check = await Contexts.OpenAsync<CompositionDb>();
        (await check.Policies.AnyAsync(p => p.Id == id)).Should().BeFalse("the soft-delete filter hides the row");
        var row = await check.Policies.IncludeDeleted().SingleAsync(p => p.Id == id);
        var values = check.Entry(row).Versioning();
        values.IsDeleted.Should().BeTrue();
        values.DeletedBy.Should().Be("carol");
        values.CreatedBy.Should().Be("alice");
        values.UpdatedBy.Should().Be("bob");
        row.Premium.Should().Be(120m);

        var history = await check.Policies.HistoryAsync([id]);
        history.Select(h => h.Version).Should().BeInDescendingOrder();
        history.Where(h => !h.IsCurrent).Select(h => h.Entity.Premium).Should().Contain(100m);
        history.Should().Contain(h => h.ChangedBy == "bob");

        var log = await check.ActivityLog().For<Policy>(id).ToListAsync();
        log.Select(l => l.Action).Should().Contain(["CREATE", "UPDATE", "DELETE"]);
        log.Single(l => l.Action == "UPDATE" && l.ChangedField == nameof(Policy.Premium)).Should()
            .Match<ActivityLogEntry>(l => l.OldValue!.StartsWith("100") && l.NewValue!.StartsWith("120") && l.ActorId == "bob");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    public async Task An_audited_contract_logs_each_change_under_its_family_with_the_revision_it_made(int count)
    {
        var numbers = Enumerable.Range(0, count).Select(_ => Unique("C")).ToList();
        await using (var db = await Contexts.OpenAsync<CompositionDb>("alice"))
        {
            db.AddRange(numbers.Select(n => new Contract { Number = n, Amount = 100m }));
            await db.SaveChangesAsync();
        }

        foreach (var (actor, change) in new (string, Action<Contract>)[] { ("bob", c => c.Amount = 120m), ("carol", c => c.Status = "signed") })
        {
            Clock.Advance(TimeSpan.FromHours(1));
            await using var db = await Contexts.OpenAsync<CompositionDb>(actor);
            foreach (var contract in await db.Contracts.Where(c => numbers.Contains(c.Number)).ToListAsync())
            {
                change(contract);
            }

            await db.SaveChangesAsync();
        }

        Clock.Advance(TimeSpan.FromHours(1));
        await using (var db = await Contexts.OpenAsync<CompositionDb>("dave"))
        {
            db.RemoveRange(await db.Contracts.Where(c => numbers.Contains(c.Number)).ToListAsync());
            await db.SaveChangesAsync();
        }

        await using var check = await Contexts.OpenAsync<CompositionDb>();
        foreach (var number in numbers)
        {
            var revisions = await check.Contracts.IgnoreQueryFilters().Where(c => c.Number == number).OrderBy(c => c.Id).ToListAsync();
            revisions.Should().HaveCount(3, "revision 1, 2 and 3");
            var family = revisions[0].Id;
            var log = (await check.ActivityLog().For<Contract>(family).ToListAsync()).OrderBy(l => l.Timestamp).ThenBy(l => l.ChangedField).ToList();
            log.Select(l => (l.Action, l.ChangedField, l.OldValue, l.NewValue, l.ActorId, l.Details)).Should().Equal(
                ("CREATE", "Amount", null, "100", "alice", "revision 1"),
                ("CREATE", "Number", null, number, "alice", "revision 1"),
                ("CREATE", "Status", null, "draft", "alice", "revision 1"),
                ("UPDATE", "Amount", "100", "120", "bob", "revision 2"),
                ("STATUS_CHANGE", "Status", "draft", "signed", "carol", "revision 3"),
                ("DELETE", null, null, null, "dave", "revision 3"));
            (await check.ActivityLog().For<Contract>(revisions[2].Id).AnyAsync()).Should().BeFalse("the log follows the family, not each revision's key");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    public async Task A_replaced_quote_logs_its_update_under_its_old_key_saying_which_record_replaced_it(int count)
    {
        var customers = Enumerable.Range(0, count).Select(_ => Unique("Q")).ToList();
        List<int> oldIds;
        await using (var db = await Contexts.OpenAsync<CompositionDb>("alice"))
        {
            var quotes = customers.Select(c => new Quote { Customer = c, Price = 10m }).ToList();
            db.AddRange(quotes);
            await db.SaveChangesAsync();
            oldIds = [.. quotes.Select(q => q.Id)];
        }

        Clock.Advance(TimeSpan.FromHours(1));
        await using (var db = await Contexts.OpenAsync<CompositionDb>("bob"))
        {
            foreach (var quote in await db.Quotes.Where(q => customers.Contains(q.Customer)).ToListAsync())
            {
                quote.Price = 12m;
            }

            await db.SaveChangesAsync();
        }

        await using var check = await Contexts.OpenAsync<CompositionDb>();
        foreach (var (customer, oldId) in customers.Zip(oldIds))
        {
            var current = await check.Quotes.SingleAsync(q => q.Customer == customer);
            current.Id.Should().NotBe(oldId);
            var log = await check.ActivityLog().For<Quote>(oldId).Where(l => l.Action == "UPDATE").ToListAsync();
            log.Select(l => (l.ChangedField, l.OldValue, l.NewValue, l.ActorId, l.Details)).Should().Equal(
                ("Price", "10", "12", "bob", $"replaced by key {current.Id}"));
        }
    }

    [Fact]
    public async Task A_bulk_delete_of_audited_contracts_logs_each_family_with_its_current_revision()
    {
        var numbers = Enumerable.Range(0, 3).Select(_ => Unique("B")).ToList();
        await using (var db = await Contexts.OpenAsync<CompositionDb>("alice"))
        {
            db.AddRange(numbers.Select(n => new Contract { Number = n, Amount = 10m }));
            await db.SaveChangesAsync();
            foreach (var contract in await db.Contracts.Where(c => numbers.Contains(c.Number)).ToListAsync())
            {
                contract.Amount = 20m;
            }

            await db.SaveChangesAsync();
        }

        Clock.Advance(TimeSpan.FromHours(1));
        await using var bulk = await Contexts.OpenAsync<CompositionDb>("erin");
        var delete = () => bulk.Contracts.Where(c => numbers.Contains(c.Number)).ExecuteDeleteAsync();

        if (Store is not PostgresTestStore)
        {
            (await delete.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteDelete on 'Contract'*activity log*");
            return;
        }

        (await delete()).Should().Be(3);
        foreach (var number in numbers)
        {
            var family = (await bulk.Contracts.IgnoreQueryFilters().Where(c => c.Number == number).OrderBy(c => c.Id).FirstAsync()).Id;
            var deletes = await bulk.ActivityLog().For<Contract>(family).Where(l => l.Action == "DELETE").ToListAsync();
            deletes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { ActorId = "erin", Details = "revision 2" }, "the current revision was deleted, under its family");
        }
    }

    [Fact]
    public async Task A_large_save_writes_every_history_and_log_row_once()
    {
        var prefix = Unique("bulk");
        await using (var db = await Contexts.OpenAsync<CompositionDb>("alice"))
        {
            db.AddRange(Enumerable.Range(0, 40).Select(i => new Policy { Number = $"{prefix}-{i}", Premium = i }));
            await db.SaveChangesAsync();
        }

        Clock.Advance(TimeSpan.FromMinutes(5));
        List<int> ids;
        await using (var db = await Contexts.OpenAsync<CompositionDb>("bob"))
        {
            var policies = await db.Policies.Where(p => p.Number.StartsWith(prefix)).ToListAsync();
            ids = policies.Select(p => p.Id).ToList();
            policies.ForEach(p => p.Premium += 1000);
            await db.SaveChangesAsync();
        }

        await using var check = await Contexts.OpenAsync<CompositionDb>();
        foreach (var id in ids)
        {
            (await check.Policies.HistoryAsync([id])).Should().HaveCount(2, "one past version and the current one");
            (await check.ActivityLog().For<Policy>(id).CountAsync()).Should().Be(3, "a CREATE row per field (Number, Premium) and one UPDATE of Premium");
        }
    }

    [Fact]
    public async Task A_failed_save_leaves_no_history_log_or_stamp_and_the_retry_writes_them_once()
    {
        var taken = Unique("taken");
        int id;
        await using (var db = await Contexts.OpenAsync<CompositionDb>("alice"))
        {
            var policy = new Policy { Number = Unique("P"), Premium = 1m };
            db.AddRange(policy, new Policy { Number = taken });
            await db.SaveChangesAsync();
            id = policy.Id;
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await Contexts.OpenAsync<CompositionDb>("bob"))
        {
            var policy = await db.Policies.SingleAsync(p => p.Id == id);
            policy.Premium = 2m;
            var duplicate = new Policy { Number = taken };
            db.Add(duplicate);

            var act = () => db.SaveChangesAsync();
            await act.Should().ThrowAsync<DbUpdateException>();
            db.Entry(policy).Versioning().UpdatedBy.Should().Be("alice");
            db.Entry(policy).Versioning().Version.Should().Be(1);

            duplicate.Number = Unique("free");
            await db.SaveChangesAsync();
        }

        await using var check = await Contexts.OpenAsync<CompositionDb>();
        (await check.Policies.HistoryAsync([id])).Should().HaveCount(2);
        (await check.ActivityLog().For<Policy>(id).Where(l => l.Action == "UPDATE").CountAsync()).Should().Be(1);
    }

    public void Dispose()
    {
        Contexts.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];
}

public sealed class CompositionSqliteTest(SqliteTestStore store) : CompositionSpec(store), IClassFixture<SqliteTestStore>;

public sealed class CompositionPostgreSqlTest(PostgresTestStore store) : CompositionSpec(store), IClassFixture<PostgresTestStore>;
