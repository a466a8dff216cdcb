using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.Composition;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Pipeline;

/// <summary>
/// Bulk updates that make every row a new row, written by the statement itself (PostgreSQL): new audit revisions and
/// new records (replace-on-update), with their activity log, under what real applications do: concurrent writers of the
/// same rows (bulk statements and SaveChanges), a failing statement, an application transaction rolled back and retried,
/// an execution strategy retrying a failed attempt, every way of registering a context, 1,000 rows and inheritance.
/// Nothing is lost, duplicated or misattributed; revisions have no gaps and one is current.
/// </summary>
public sealed class BulkRevisionsPostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private const int Rounds = 6;

    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = ActorServices.Build(services => services.AddDbContext<CompositionDb>(o => store.UseProvider(o)).AddDbContext<FleetDb>(o => store.UseProvider(o)));
        await using var scope = _services.CreateAsyncScope();
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<CompositionDb>());
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<FleetDb>());
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task A_bulk_update_logs_each_new_revision_and_each_new_record_as_SaveChanges_logs_them()
    {
        var contracts = await NewContractsAsync(2);
        var quotes = await NewQuotesAsync(2);
        await using (var scope = Scope("bob"))
        {
            var db = scope.ServiceProvider.GetRequiredService<CompositionDb>();
            (await db.Contracts.SingleAsync(c => c.Id == contracts[0])).Status = "signed";
            (await db.Quotes.SingleAsync(q => q.Id == quotes[0])).Price = 20m;
            await db.SaveChangesAsync();
            (await db.Contracts.Where(c => c.Id == contracts[1]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, "signed"))).Should().Be(1);
            (await db.Quotes.Where(q => q.Id == quotes[1]).ExecuteUpdateAsync(s => s.SetProperty(q => q.Price, 20m))).Should().Be(1);
        }

        await using var read = Scope(null);
        var reader = read.ServiceProvider.GetRequiredService<CompositionDb>();
        async Task<List<(string Action, string? Field, string? Old, string? New, string? Details, string? Actor)>> UpdatesAsync<T>(int key, Func<string?, string?> details)
            where T : class
            => [.. (await reader.ActivityLog().For<T>(key).Where(r => r.Action != "CREATE").ToListAsync())
                .Select(r => (r.Action, r.ChangedField, r.OldValue, r.NewValue, details(r.Details), r.ActorId))
                .OrderBy(r => r.ChangedField)];

        var saved = await UpdatesAsync<Contract>(contracts[0], d => d);
        saved.Should().Equal(("STATUS_CHANGE", "Status", "draft", "signed", "revision 2", "bob"));
        (await UpdatesAsync<Contract>(contracts[1], d => d)).Should().Equal(saved, "the revision's log names its family and revision");

        async Task<string> NewKeyAsync(int oldKey)
            => (await reader.Quotes.SingleAsync(q => EF.Property<int?>(q, SoftDeletePropertyNames.ReplacesId) == oldKey)).Id.ToString();
        var savedKey = await NewKeyAsync(quotes[0]);
        var bulkKey = await NewKeyAsync(quotes[1]);
        var savedQuote = await UpdatesAsync<Quote>(quotes[0], d => d);
        savedQuote.Should().Equal(("UPDATE", "Price", "10", "20", "replaced by key " + savedKey, "bob"));
        (await UpdatesAsync<Quote>(quotes[1], d => d!.Replace(bulkKey, savedKey, StringComparison.Ordinal))).Should().Equal(savedQuote,
            "the replaced record's log is kept under its key and names the new record's");
    }

    [Fact]
    public async Task Concurrent_bulk_updates_and_saves_of_the_same_families_lose_no_revision()
    {
        var ids = await NewContractsAsync(6);
        var bulkRevisions = 0;

        var bulk = Task.Run(async () =>
        {
            for (var done = 0; done < Rounds;)
            {
                await using var scope = Scope("bulk");
                var db = scope.ServiceProvider.GetRequiredService<CompositionDb>();
                var written = await ConcurrentWrites.Retried(() => db.Contracts.Where(c => ids.Contains(c.Id) || ids.Contains(EF.Property<int?>(c, "RootId")!.Value))
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Amount, c => c.Amount + 1)));
                if (written != null)
                {
                    // A family a concurrent save gave a new revision while the statement waited for its row is not
                    // reached (its new revision is not in the statement's snapshot): counted, never lost.
                    bulkRevisions += written.Value;
                    done++;
                }
            }
        });
        var savedRounds = 0;
        var saves = Task.Run(async () =>
        {
            while (savedRounds < Rounds)
            {
                await using var scope = Scope("saver");
                var db = scope.ServiceProvider.GetRequiredService<CompositionDb>();
                foreach (var contract in await db.Contracts.Where(c => ids.Contains(c.Id) || ids.Contains(EF.Property<int?>(c, "RootId")!.Value)).ToListAsync())
                {
                    contract.Amount += 100;
                }

                if (await ConcurrentWrites.Retried(() => db.SaveChangesAsync()) != null)
                {
                    savedRounds++;
                }
            }
        });
        await Task.WhenAll(bulk, saves);

        await using var read = Scope(null);
        var reader = read.ServiceProvider.GetRequiredService<CompositionDb>();
        var (bulkSeen, savedSeen) = (0, 0);
        foreach (var id in ids)
        {
            var family = await reader.Contracts.IgnoreQueryFilters().Where(c => c.Id == id || EF.Property<int?>(c, "RootId") == id)
                .Select(c => new { c.Amount, Revision = EF.Property<int>(c, "Revision"), IsCurrent = EF.Property<bool>(c, "IsCurrent"), By = EF.Property<string>(c, "ModifiedBy") })
                .OrderBy(c => c.Revision).ToListAsync();
            family.Select(r => r.Revision).Should().Equal(Enumerable.Range(1, family.Count), "revisions have no gaps");
            family.Count(r => r.IsCurrent).Should().Be(1);
            family[^1].IsCurrent.Should().BeTrue();
            for (var i = 1; i < family.Count; i++)
            {
                var step = family[i].Amount - family[i - 1].Amount;
                (step, family[i].By).Should().BeOneOf([(1m, "bulk"), (100m, "saver")], "each revision is its predecessor plus one write, named by its writer");
            }

            bulkSeen += family.Count(r => r.By == "bulk");
            savedSeen += family.Count(r => r.By == "saver");
        }

        bulkSeen.Should().Be(bulkRevisions, "every revision a bulk statement counted is there, once");
        savedSeen.Should().Be(Rounds * ids.Count, "every save's revisions are there, once");
    }

    [Fact]
    public async Task A_failing_bulk_update_retires_nothing_and_writes_no_revision_or_log_row()
    {
        var ids = await NewContractsAsync(3);
        await using var scope = Scope("bob");
        var db = scope.ServiceProvider.GetRequiredService<CompositionDb>();

        // 10^9 does not fit numeric(10, 2): the statement fails on the new revisions' insert.
        var update = () => db.Contracts.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Amount, 1_000_000_000m));

        (await update.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("22003");
        (await FamilyRowsAsync(ids)).Should().Be(3, "no revision was inserted");
        (await db.Contracts.CountAsync(c => ids.Contains(c.Id))).Should().Be(3, "the old revisions are still current");
        (await LogRowsAsync(db, ids)).Should().Be(0);
    }

    [Fact]
    public async Task A_bulk_update_in_a_rolled_back_transaction_leaves_no_revision_and_its_retry_writes_them_once()
    {
        var ids = await NewContractsAsync(10);
        await using var scope = Scope("bob");
        var db = scope.ServiceProvider.GetRequiredService<CompositionDb>();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            (await db.Contracts.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, "rolled back"))).Should().Be(10);
            await transaction.RollbackAsync();
        }

        (await FamilyRowsAsync(ids)).Should().Be(10);
        (await LogRowsAsync(db, ids)).Should().Be(0);

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            (await db.Contracts.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, "committed"))).Should().Be(10);
            await transaction.CommitAsync();
        }

        (await FamilyRowsAsync(ids)).Should().Be(20);
        (await LogRowsAsync(db, ids)).Should().Be(10);
        (await db.Contracts.AsNoTracking().Where(c => ids.Contains(EF.Property<int?>(c, "RootId")!.Value)).Select(c => c.Status).ToListAsync())
            .Should().HaveCount(10).And.AllBe("committed");
    }

    [Fact]
    public async Task An_execution_strategy_retrying_a_failed_attempt_writes_the_revisions_once()
    {
        var ids = await NewContractsAsync(10);

        // The first attempt waits for a row another transaction holds, and fails when lock_timeout expires (nothing of it
        // is written); the strategy then releases that lock and retries.
        await using var held = await HeldRow.LockAsync(store, "Contracts", ids[0]);
        var failures = 0;
        await using var services = ActorServices.Build(s => s.AddDbContext<CompositionDb>(held.RetryingOptions(store, () => failures++)));
        await using var scope = services.CreateScope("bob");
        var db = scope.ServiceProvider.GetRequiredService<CompositionDb>();

        (await db.Contracts.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, "retried"))).Should().Be(10);

        failures.Should().Be(1);
        (await FamilyRowsAsync(ids)).Should().Be(20);
        (await LogRowsAsync(db, ids)).Should().Be(10);
    }

    [Theory]
    [InlineData("AddDbContext")]
    [InlineData("AddDbContextPool")]
    [InlineData("AddDbContextFactory")]
    [InlineData("AddPooledDbContextFactory")]
    public async Task Each_registration_attributes_each_bulk_update_to_the_actor_of_its_context(string registration)
    {
        await using var services = ActorServices.Build(s => ContextRegistrations.Add<CompositionDb>(s, registration, o => store.UseProvider(o)));
        var contracts = await NewContractsAsync(3);
        var quotes = await NewQuotesAsync(3);

        foreach (var actor in new[] { "ann", "ben" })
        {
            await using var scope = services.CreateScope(actor);
            await ContextRegistrations.UseAsync<CompositionDb>(scope, registration, async db =>
            {
                await db.Contracts.Where(c => contracts.Contains(EF.Property<int?>(c, "RootId") ?? c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, actor));
                await db.Quotes.Where(q => quotes.Contains(q.Id) || quotes.Contains(EF.Property<int?>(q, SoftDeletePropertyNames.ReplacesId)!.Value))
                    .ExecuteUpdateAsync(s => s.SetProperty(q => q.Customer, actor));
            });
        }

        await using var read = Scope(null);
        var reader = read.ServiceProvider.GetRequiredService<CompositionDb>();
        foreach (var id in contracts)
        {
            (await reader.Contracts.Revisions(id).Select(c => new { c.Status, By = EF.Property<string>(c, "ModifiedBy") }).ToListAsync())
                .Select(r => (r.Status, r.By)).Should().Equal(("ben", "ben"), ("ann", "ann"), ("draft", "alice"));
            (await reader.ActivityLog().For<Contract>(id).Where(r => r.Action == "STATUS_CHANGE").OrderBy(r => r.Id).Select(r => r.ActorId).ToListAsync())
                .Should().Equal("ann", "ben");
        }

        var chain = await reader.Quotes.IgnoreQueryFilters().Where(q => quotes.Contains(q.Id) || q.Customer == "ann" || q.Customer == "ben")
            .Select(q => new { q.Id, q.Customer, DeletedBy = EF.Property<string?>(q, "DeletedBy"), Replaces = EF.Property<int?>(q, SoftDeletePropertyNames.ReplacesId) })
            .ToListAsync();
        foreach (var id in quotes)
        {
            var second = chain.Single(q => q.Replaces == id);
            var third = chain.Single(q => q.Replaces == second.Id);
            (chain.Single(q => q.Id == id).DeletedBy, second.Customer, second.DeletedBy, third.Customer, third.DeletedBy)
                .Should().Be(("ann", "ann", "ben", "ben", null), "each old record is flagged deleted by the actor that replaced it");
        }
    }

    [Fact]
    public async Task A_bulk_update_of_a_thousand_rows_writes_a_thousand_revisions_new_records_and_log_rows()
    {
        var contracts = await NewContractsAsync(1000);
        var quotes = await NewQuotesAsync(1000);
        await using var scope = Scope("bulk");
        var db = scope.ServiceProvider.GetRequiredService<CompositionDb>();

        (await db.Contracts.Where(c => contracts.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, "renewed"))).Should().Be(1000);
        (await db.Quotes.Where(q => quotes.Contains(q.Id)).ExecuteUpdateAsync(s => s.SetProperty(q => q.Price, q => q.Price * 2))).Should().Be(1000);

        (await FamilyRowsAsync(contracts)).Should().Be(2000);
        (await db.Contracts.CountAsync(c => contracts.Contains(EF.Property<int?>(c, "RootId")!.Value) && c.Status == "renewed"
            && EF.Property<int>(c, "Revision") == 2 && EF.Property<string>(c, "ModifiedBy") == "bulk")).Should().Be(1000);
        (await db.ActivityLog().CountAsync(r => r.EntityType == nameof(Contract) && r.Action == "STATUS_CHANGE" && r.ActorId == "bulk"
            && r.NewValue == "renewed" && r.Details == "revision 2" && contracts.Select(c => c.ToString()).Contains(r.EntityId))).Should().Be(1000);
        (await db.Quotes.CountAsync(q => quotes.Contains(EF.Property<int?>(q, SoftDeletePropertyNames.ReplacesId)!.Value) && q.Price == 20m)).Should().Be(1000);
        (await db.Quotes.OnlyDeleted().CountAsync(q => quotes.Contains(q.Id))).Should().Be(1000);
        (await db.ActivityLog().CountAsync(r => r.EntityType == nameof(Quote) && r.Action == "UPDATE" && r.OldValue == "10" && r.NewValue == "20"
            && r.Details!.StartsWith("replaced by key ") && quotes.Select(c => c.ToString()).Contains(r.EntityId))).Should().Be(1000);
    }

    [Fact]
    public async Task A_bulk_update_through_a_derived_type_or_its_base_keeps_each_rows_type_and_derived_columns()
    {
        int carId, truckId;
        await using (var seed = Scope("alice"))
        {
            var db = seed.ServiceProvider.GetRequiredService<FleetDb>();
            var car = new Car { Plate = Unique("car"), Seats = 5 };
            var truck = new Truck { Plate = Unique("truck"), Payload = 12 };
            db.AddRange(car, truck);
            await db.SaveChangesAsync();
            (carId, truckId) = (car.Id, truck.Id);
        }

        await using (var scope = Scope("bob"))
        {
            var db = scope.ServiceProvider.GetRequiredService<FleetDb>();
            (await db.Set<Truck>().Where(t => t.Id == truckId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Payload, t => t.Payload + 1))).Should().Be(1);
            (await db.Vehicles.Where(v => EF.Property<int?>(v, "RootId") == truckId || v.Id == carId)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Plate, v => v.Plate + "!"))).Should().Be(2);
        }

        await using var read = Scope(null);
        var reader = read.ServiceProvider.GetRequiredService<FleetDb>();
        var truckNow = await reader.Set<Truck>().SingleAsync(t => EF.Property<int?>(t, "RootId") == truckId);
        (truckNow.Payload, truckNow.Plate.EndsWith('!'), reader.Entry(truckNow).Versioning().Revision).Should().Be((13, true, 3));
        var carNow = await reader.Set<Car>().SingleAsync(c => EF.Property<int?>(c, "RootId") == carId);
        (carNow.Seats, carNow.Plate.EndsWith('!'), reader.Entry(carNow).Versioning().Revision).Should().Be((5, true, 2));
        (await reader.Vehicles.Revisions(truckId).Select(v => v.GetType().Name).ToListAsync()).Should().AllBe(nameof(Truck));
    }

    [Fact]
    public async Task A_bulk_update_whose_setters_read_another_table_is_refused_and_changes_nothing()
    {
        int id;
        await using (var seed = Scope("alice"))
        {
            var db = seed.ServiceProvider.GetRequiredService<FleetDb>();
            var car = new Car { Plate = Unique("car"), Depot = new Depot { City = "Bonn" } };
            db.Add(car);
            await db.SaveChangesAsync();
            id = car.Id;
        }

        await using var scope = Scope("bob");
        var fleet = scope.ServiceProvider.GetRequiredService<FleetDb>();

        // EF joins the other table in a FROM clause of its UPDATE.
        var update = () => fleet.Vehicles.Where(v => v.Id == id)
            .Join(fleet.Set<Depot>(), v => v.DepotId, d => d.Id, (v, d) => new { Vehicle = v, Depot = d })
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Vehicle.Plate, x => x.Depot.City));

        (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate on 'Vehicle' needs its statement to read other rows*");
        (await fleet.Vehicles.IgnoreQueryFilters().CountAsync(v => v.Id == id || EF.Property<int?>(v, "RootId") == id)).Should().Be(1);
        (await fleet.Vehicles.SingleAsync(v => v.Id == id)).Plate.Should().StartWith("car-");
    }

    [Fact]
    public async Task A_bulk_update_keeps_fixed_length_values_whole_and_leaves_the_xmin_token_to_the_database()
    {
        int truckId, routeId;
        await using (var seed = Scope("alice"))
        {
            var db = seed.ServiceProvider.GetRequiredService<FleetDb>();
            var truck = new Truck { Plate = Unique("truck"), Grade = "abcde" };
            var route = new Route { Name = Unique("route") };
            db.AddRange(truck, route);
            await db.SaveChangesAsync();
            (truckId, routeId) = (truck.Id, route.Id);
        }

        await using var scope = Scope("bob");
        var fleet = scope.ServiceProvider.GetRequiredService<FleetDb>();
        (await fleet.Vehicles.Where(v => v.Id == truckId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Grade, "vwxyz").SetProperty(v => v.Codes, new[] { "abc", "def" }))).Should().Be(1);
        (await fleet.Set<Route>().Where(r => r.Id == routeId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Name, r => r.Name + "!"))).Should().Be(1);

        var revised = await fleet.Vehicles.SingleAsync(v => EF.Property<int?>(v, "RootId") == truckId);
        (revised.Grade, revised.Codes).Should().BeEquivalentTo(("vwxyz", new[] { "abc", "def" }));
        fleet.Set<Route>().History(routeId).Select(v => (v.Version, v.Entity.Name.EndsWith('!'))).Should().Equal((2, true), (1, false));
    }

    [Fact]
    public async Task A_bulk_update_that_sets_the_key_is_refused_since_each_new_row_gets_a_new_one()
    {
        var ids = await NewContractsAsync(1);
        await using var scope = Scope("bob");
        var db = scope.ServiceProvider.GetRequiredService<CompositionDb>();

        var update = () => db.Contracts.Where(c => c.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Id, 999_999));

        (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate sets 'Contract.Id', which the audit trail maintains*");
        (await FamilyRowsAsync(ids)).Should().Be(1);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private AsyncServiceScope Scope(string? actor) => _services.CreateScope(actor);

    private Task<List<int>> NewContractsAsync(int count)
        => NewAsync(count, () => new Contract { Number = Unique("contract"), Amount = 10m }, c => c.Id);

    private Task<List<int>> NewQuotesAsync(int count)
        => NewAsync(count, () => new Quote { Customer = Unique("quote"), Price = 10m }, q => q.Id);

    /// <summary>Saves <paramref name="count"/> new entities as alice and returns their keys.</summary>
    private async Task<List<int>> NewAsync<T>(int count, Func<T> create, Func<T, int> key)
        where T : class
    {
        await using var scope = Scope("alice");
        var db = scope.ServiceProvider.GetRequiredService<CompositionDb>();
        var entities = Enumerable.Range(0, count).Select(_ => create()).ToList();
        db.AddRange(entities);
        await db.SaveChangesAsync();
        return [.. entities.Select(key)];
    }

    private async Task<long> FamilyRowsAsync(List<int> ids)
    {
        var list = string.Join(',', ids);
        return Convert.ToInt64(await store.ScalarAsync($"SELECT COUNT(*) FROM \"Contracts\" WHERE \"Id\" = ANY (ARRAY[{list}]) OR \"RootId\" = ANY (ARRAY[{list}])"));
    }

    private static Task<int> LogRowsAsync(CompositionDb db, List<int> ids)
    {
        var keys = ids.Select(i => i.ToString()).ToList();
        return db.ActivityLog().CountAsync(r => r.EntityType == nameof(Contract) && r.Action != "CREATE" && keys.Contains(r.EntityId));
    }
}

/// <summary>Audit-trail vehicles in one table (TPH): each revision keeps its row's type and derived columns.</summary>
public abstract class Vehicle
{
    public int Id { get; set; }

    public string Plate { get; set; } = "";

    public int? DepotId { get; set; }

    public Depot? Depot { get; set; }

    /// <summary>A fixed-length column: a value must never be cut to fit a cast.</summary>
    public string? Grade { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c> system column as the concurrency token.</summary>
    public uint RowVersion { get; set; }

    /// <summary>An array of fixed-length values.</summary>
    public string[]? Codes { get; set; }
}

/// <summary>A temporal route with PostgreSQL's <c>xmin</c> system column as its concurrency token.</summary>
public sealed class Route
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public uint RowVersion { get; set; }
}

public sealed class Depot
{
    public int Id { get; set; }

    public string City { get; set; } = "";
}

public sealed class Car : Vehicle
{
    public int Seats { get; set; }
}

public sealed class Truck : Vehicle
{
    public int Payload { get; set; }
}

public sealed class FleetDb(DbContextOptions<FleetDb> options) : DbContext(options)
{
    public DbSet<Vehicle> Vehicles => Set<Vehicle>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Vehicle>(b =>
        {
            b.HasAuditTrail().ToTable("FleetVehicles");
            b.Property(v => v.Grade).HasColumnType("character(5)");
            b.Property(v => v.Codes).HasColumnType("character(3)[]");
            b.Property(v => v.RowVersion).IsRowVersion();
        });
        modelBuilder.Entity<Route>(b =>
        {
            b.HasTemporalHistory().ToTable("FleetRoutes");
            b.Property(r => r.RowVersion).IsRowVersion();
        });
        modelBuilder.Entity<Car>();
        modelBuilder.Entity<Truck>();
    }
}
