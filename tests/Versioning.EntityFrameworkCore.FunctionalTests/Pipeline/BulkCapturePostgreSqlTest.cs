using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.ChangeTracking;
using Versioning.EntityFrameworkCore.FunctionalTests.Temporal;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Pipeline;

/// <summary>
/// Bulk statements that write history and log rows in the statement itself (PostgreSQL), under what real applications
/// do: concurrent writers on the same rows (bulk statements and SaveChanges), an application transaction rolled back and
/// retried, an execution strategy retrying a failed attempt, pooled contexts of different actors, and 1,000 rows.
/// Nothing is lost, duplicated or misattributed; periods never overlap and versions have no gaps.
/// </summary>
public sealed class BulkCapturePostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private const int Rounds = 8;

    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = ActorServices.Build(services => services.AddDbContext<TemporalDb>(o => store.UseProvider(o)).AddDbContext<ActivityDb>(o => store.UseProvider(o)));
        await using var scope = _services.CreateAsyncScope();
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<TemporalDb>());
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<ActivityDb>());
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Concurrent_bulk_updates_and_saves_of_the_same_rows_lose_no_version()
    {
        var ids = await NewDocumentsAsync(12);

        var bulk = Task.Run(async () =>
        {
            var done = 0;
            while (done < Rounds)
            {
                await using var scope = Scope("bulk");
                var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();
                if (await ConcurrentWrites.Retried(() => db.Documents.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Content, d => d.Content + "a"))) != null)
                {
                    done++;
                }
            }
        });
        var saves = Task.Run(async () =>
        {
            var done = 0;
            while (done < Rounds)
            {
                await using var scope = Scope("saver");
                var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();
                foreach (var document in await db.Documents.Where(d => ids.Contains(d.Id)).ToListAsync())
                {
                    document.Content += "b";
                }

                if (await ConcurrentWrites.Retried(() => db.SaveChangesAsync()) != null)
                {
                    done++;
                }
            }
        });
        await Task.WhenAll(bulk, saves);

        await using var read = Scope(null);
        var reader = read.ServiceProvider.GetRequiredService<TemporalDb>();
        foreach (var id in ids)
        {
            var versions = reader.Documents.History(id).OrderBy(v => v.Version).ToList();
            versions.Select(v => v.Version).Should().Equal(Enumerable.Range(1, (2 * Rounds) + 1), "every write is one version, none lost");
            var current = versions[^1].Entity.Content!;
            current.Count(c => c == 'a').Should().Be(Rounds);
            current.Count(c => c == 'b').Should().Be(Rounds);
            for (var i = 1; i < versions.Count; i++)
            {
                var (before, after) = (versions[i - 1], versions[i]);
                after.Entity.Content.Should().HaveLength(before.Entity.Content!.Length + 1).And.StartWith(before.Entity.Content, "each version is its predecessor plus one write");
                before.ValidTo.Should().Be(after.ValidFrom, "periods meet without gap or overlap");
                after.ChangedBy.Should().Be(after.Entity.Content![^1] == 'a' ? "bulk" : "saver", "each version names whoever wrote it");
            }
        }
    }

    [Fact]
    public async Task Concurrent_bulk_increments_log_every_step_once_with_the_old_value_each_replaced()
    {
        var ids = new List<int>();
        await using (var seed = Scope("alice"))
        {
            var db = seed.ServiceProvider.GetRequiredService<ActivityDb>();
            var variants = Enumerable.Range(0, 10).Select(i => new ProductVariant { Sku = Unique("inc"), Price = 1 }).ToList();
            db.AddRange(variants);
            await db.SaveChangesAsync();
            ids.AddRange(variants.Select(v => v.Id));
        }

        async Task IncrementAsync(string actor)
        {
            var done = 0;
            while (done < Rounds)
            {
                await using var scope = Scope(actor);
                var db = scope.ServiceProvider.GetRequiredService<ActivityDb>();
                if (await ConcurrentWrites.Retried(() => db.ProductVariants.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock + 1))) != null)
                {
                    done++;
                }
            }
        }

        await Task.WhenAll(Task.Run(() => IncrementAsync("one")), Task.Run(() => IncrementAsync("two")));

        await using var read = Scope(null);
        var reader = read.ServiceProvider.GetRequiredService<ActivityDb>();
        foreach (var id in ids)
        {
            (await reader.ProductVariants.SingleAsync(p => p.Id == id)).Stock.Should().Be(2 * Rounds);
            var steps = await reader.ActivityLog().For<ProductVariant>(id).Where(r => r.Action == "STOCK_ADJUSTMENT").ToListAsync();
            steps.Select(r => (r.OldValue, r.NewValue)).Should().BeEquivalentTo(
                Enumerable.Range(0, 2 * Rounds).Select(n => ((string?)n.ToString(), (string?)(n + 1).ToString())),
                "each increment logs the value it replaced, once");
            steps.GroupBy(r => r.ActorId).Select(g => g.Count()).Should().AllBeEquivalentTo(Rounds);
        }
    }

    [Fact]
    public async Task A_bulk_update_over_a_join_writes_the_history_of_the_rows_it_updates()
    {
        var ids = await NewDocumentsAsync(3);
        await using var scope = Scope("bob");
        var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();

        // EF joins the other side in a FROM clause of its UPDATE; the statement's rows are the documents.
        var updated = await db.Documents.Where(d => ids.Contains(d.Id))
            .Join(db.Documents, d => d.Id, o => o.Id, (d, o) => new { Document = d, Other = o })
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Document.Content, x => x.Other.Title + "!"));

        updated.Should().Be(3);
        (await HistoryRowsAsync(ids)).Should().Be(3);
        foreach (var id in ids)
        {
            var versions = db.Documents.History(id);
            versions.Select(v => (v.Version, v.ChangedBy)).Should().Equal((2, "bob"), (1, "alice"));
            versions[0].Entity.Content.Should().Be(versions[0].Entity.Title + "!");
        }
    }

    [Fact]
    public async Task A_bulk_update_in_a_rolled_back_transaction_leaves_no_history_and_its_retry_writes_it_once()
    {
        var ids = await NewDocumentsAsync(10);
        await using var scope = Scope("bob");
        var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            (await db.Documents.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Content, "rolled back"))).Should().Be(10);
            await transaction.RollbackAsync();
        }

        (await HistoryRowsAsync(ids)).Should().Be(0);

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            (await db.Documents.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Content, "committed"))).Should().Be(10);
            await transaction.CommitAsync();
        }

        (await HistoryRowsAsync(ids)).Should().Be(10);
        (await db.Documents.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => EF.Property<int>(d, "Version")).ToListAsync()).Should().AllBeEquivalentTo(2);
    }

    [Fact]
    public async Task An_execution_strategy_retrying_a_failed_attempt_writes_the_history_once()
    {
        var ids = await NewDocumentsAsync(10);

        // The first attempt waits for a row another transaction holds, and fails when lock_timeout expires (nothing of it
        // is written); the strategy then releases that lock and retries.
        await using var held = await HeldRow.LockAsync(store, "Documents", ids[0]);
        var failures = 0;
        await using var services = ActorServices.Build(s => s.AddDbContext<TemporalDb>(held.RetryingOptions(store, () => failures++)));
        await using var scope = services.CreateScope("bob");
        var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();

        (await db.Documents.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Content, "retried"))).Should().Be(10);

        failures.Should().Be(1);
        (await HistoryRowsAsync(ids)).Should().Be(10);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"Documents\" WHERE \"Id\" = ANY (ARRAY[{string.Join(',', ids)}]) AND \"ChangedBy\" = 'bob' AND \"Version\" = 2"))
            .Should().BeEquivalentTo(10L, "each row's new version names its author once");
    }

    [Theory]
    [InlineData("AddDbContext")]
    [InlineData("AddDbContextPool")]
    [InlineData("AddDbContextFactory")]
    [InlineData("AddPooledDbContextFactory")]
    public async Task Each_registration_attributes_each_bulk_statement_to_the_actor_of_its_context(string registration)
    {
        await using var services = ActorServices.Build(s => ContextRegistrations.Add<TemporalDb>(s, registration, o => store.UseProvider(o)));
        var ids = await NewDocumentsAsync(3);

        foreach (var actor in new[] { "ann", "ben" })
        {
            await using var scope = services.CreateScope(actor);
            await ContextRegistrations.UseAsync<TemporalDb>(
                scope, registration, db => db.Documents.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Content, d => d.Content + actor)));
        }

        await using var read = Scope(null);
        read.ServiceProvider.GetRequiredService<TemporalDb>().Documents.History(ids[0]).Select(v => (v.Version, v.ChangedBy))
            .Should().Equal((3, "ben"), (2, "ann"), (1, "alice"));
    }

    [Fact]
    public async Task A_bulk_update_of_a_thousand_rows_writes_a_thousand_history_rows_and_log_rows()
    {
        var ids = await NewDocumentsAsync(1000);
        var variants = new List<int>();
        await using (var seed = Scope("alice"))
        {
            var db = seed.ServiceProvider.GetRequiredService<ActivityDb>();
            var rows = Enumerable.Range(0, 1000).Select(i => new ProductVariant { Sku = Unique("k"), Price = 2 }).ToList();
            db.AddRange(rows);
            await db.SaveChangesAsync();
            variants.AddRange(rows.Select(v => v.Id));
        }

        await using var scope = Scope("bulk");
        var temporal = scope.ServiceProvider.GetRequiredService<TemporalDb>();
        var logged = scope.ServiceProvider.GetRequiredService<ActivityDb>();

        (await temporal.Documents.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Content, "v2"))).Should().Be(1000);
        (await logged.ProductVariants.Where(p => variants.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 3m))).Should().Be(1000);

        (await HistoryRowsAsync(ids)).Should().Be(1000);
        (await logged.ActivityLog().CountAsync(r => r.EntityType == nameof(ProductVariant) && r.Action == "PRICE_CHANGE" && r.ActorId == "bulk"
            && r.OldValue == "2" && r.NewValue == "3" && variants.Select(v => v.ToString()).Contains(r.EntityId))).Should().Be(1000);
    }

    [Fact]
    public async Task A_bulk_statement_in_a_change_scope_records_its_actor_tenant_reason_correlation_id_and_metadata()
    {
        var ids = new List<int>();
        await using (var seed = Scope("alice"))
        {
            var db = seed.ServiceProvider.GetRequiredService<ActivityDb>();
            var rows = Enumerable.Range(0, 3).Select(i => new ProductVariant { Sku = Unique("scoped"), Price = 1 }).ToList();
            db.AddRange(rows);
            await db.SaveChangesAsync();
            ids.AddRange(rows.Select(v => v.Id));
        }

        var correlation = Unique("corr");
        await using (var scope = Scope("alice"))
        {
            var db = scope.ServiceProvider.GetRequiredService<ActivityDb>();
            using (db.BeginChangeScope(reason: "Price list 2027", actor: "pricing-job", correlationId: correlation, metadata: new Dictionary<string, string?> { ["list"] = "2027" }))
            {
                await db.ProductVariants.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 2m));
            }
        }

        await using var read = Scope(null);
        var log = await read.ServiceProvider.GetRequiredService<ActivityDb>().ActivityLog().Where(r => r.CorrelationId == correlation).ToListAsync();
        log.Should().HaveCount(3).And.OnlyContain(r => r.ActorId == "pricing-job" && r.Details == "Price list 2027" && r.Action == "PRICE_CHANGE");
        log.Should().OnlyContain(r => r.TenantId == "tenant-alice", "the tenant comes from the scope's tenant accessor, whoever the scope names as actor");
        log.Select(r => System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(r.Metadata!)!["list"]).Should().AllBe("2027");
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private AsyncServiceScope Scope(string? actor) => _services.CreateScope(actor);

    private async Task<List<int>> NewDocumentsAsync(int count)
    {
        await using var scope = Scope("alice");
        var db = scope.ServiceProvider.GetRequiredService<TemporalDb>();
        var documents = Enumerable.Range(0, count).Select(i => new Document { Title = Unique("bulk"), Content = "" }).ToList();
        db.AddRange(documents);
        await db.SaveChangesAsync();
        return [.. documents.Select(d => d.Id)];
    }

    private async Task<long> HistoryRowsAsync(List<int> ids)
        => Convert.ToInt64(await store.ScalarAsync($"SELECT COUNT(*) FROM document_history WHERE \"Id\" = ANY (ARRAY[{string.Join(',', ids)}])"));
}
