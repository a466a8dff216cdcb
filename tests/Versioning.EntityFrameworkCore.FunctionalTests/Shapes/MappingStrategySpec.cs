using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Shapes;

/// <summary>
/// Hierarchies mapped table per type (a derived row spans its base type's table and its own) and table per concrete
/// type, and an entity type split over two tables, under the strategies that allow them (activity log, soft delete, change stamps, change events): each
/// change is logged, stamped and evented once, at 1, 10 and 1,000 rows. Written once, run on every provider.
/// </summary>
public abstract class MappingStrategySpec<TDb, TBase, TCar> : IDisposable
    where TDb : DbContext
    where TBase : class, MappingStrategyModel.IVehicle
    where TCar : class, TBase, new()
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly SpecContexts _contexts;
    private readonly int _firstId = Random.Shared.Next(1, 1_000_000) * 1_000;
    private int _ids;

    protected MappingStrategySpec(TestStore store)
        => _contexts = new SpecContexts(store, _clock, (services, options) => services.AddDbContext<TDb>(options));

    public void Dispose() => _contexts.Dispose();

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task Many_rows_are_logged_stamped_soft_deleted_and_evented_once_each(int rows)
    {
        var cars = Enumerable.Range(0, rows).Select(i => new TCar { Id = NextId(), Name = "many-" + i }).ToList();
        await using (var db = await _contexts.OpenAsync<TDb>("alice"))
        {
            db.AddRange(cars);
            await db.SaveChangesAsync();
        }

        var ids = cars.Select(c => c.Id).ToList();
        await using (var db = await _contexts.OpenAsync<TDb>("bob"))
        {
            foreach (var car in await db.Set<TCar>().Where(c => ids.Contains(c.Id)).ToListAsync())
            {
                car.SetDerived(7);
                car.Name += "!";
            }

            await db.SaveChangesAsync();
        }

        await using (var db = await _contexts.OpenAsync<TDb>("dave"))
        {
            db.RemoveRange(await db.Set<TBase>().Where(c => ids.Contains(c.Id)).ToListAsync());
            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<TDb>();
        var keys = ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var log = await check.ActivityLog().Where(a => keys.Contains(a.EntityId) && a.Action != "CREATE").Select(a => a.Action + ":" + a.ChangedField + ":" + a.ActorId).ToListAsync();
        log.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count()).Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["UPDATE:Name:bob"] = rows,
            [$"UPDATE:{DerivedField}:bob"] = rows,
            ["DELETE::dave"] = rows,
        });
        var events = await check.ChangeEvents().Where(e => keys.Contains(e.StreamId)).Select(e => e.Kind + ":" + e.StreamVersion).ToListAsync();
        events.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count()).Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["Created:1"] = rows,
            ["Updated:2"] = rows,
            ["SoftDeleted:3"] = rows,
        });
        (await check.Set<TBase>().IgnoreQueryFilters().CountAsync(c => ids.Contains(c.Id) && EF.Property<string>(c, "UpdatedBy") == "bob" && EF.Property<bool>(c, "IsDeleted"))).Should().Be(rows);
    }

    private static string DerivedField => "Seats";

    /// <summary>
    /// A key of the test's own (EF generates none for table per concrete type on SQLite, which has no sequence to share
    /// between the tables).
    /// </summary>
    private int NextId() => _firstId + _ids++;

    [Fact]
    public async Task Logged_stamped_soft_deleted_and_evented()
    {
        var car = new TCar { Id = NextId(), Name = "a" };
        car.SetDerived(4);
        await using (var db = await _contexts.OpenAsync<TDb>("alice"))
        {
            db.Add(car);
            await db.SaveChangesAsync();
        }

        var id = car.Id;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await _contexts.OpenAsync<TDb>("bob"))
        {
            (await db.Set<TCar>().SingleAsync(c => c.Id == id)).SetDerived(5);
            await db.SaveChangesAsync();
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await _contexts.OpenAsync<TDb>("carol"))
        {
            var loaded = await db.Set<TBase>().SingleAsync(c => c.Id == id);
            loaded.Name = "b";
            await db.SaveChangesAsync();
        }

        await using (var db = await _contexts.OpenAsync<TDb>("dave"))
        {
            db.Remove(await db.Set<TBase>().SingleAsync(c => c.Id == id));
            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<TDb>();
        (await check.Set<TBase>().CountAsync(v => v.Id == id)).Should().Be(0, "soft deleted");
        var row = await check.Set<TBase>().IgnoreQueryFilters().SingleAsync(v => v.Id == id);
        var values = check.Entry(row).Versioning();
        (values.CreatedBy, values.UpdatedBy, values.IsDeleted, values.DeletedBy).Should().Be(("alice", "carol", true, "dave"));
        var log = await check.ActivityLog().Where(a => a.EntityId == id.ToString()).ToListAsync();
        log.Where(a => a.Action != "CREATE").Select(a => (a.Action, a.ChangedField, a.ActorId)).Should().BeEquivalentTo(
            [("UPDATE", "Seats", "bob"), ("UPDATE", "Name", "carol"), ("DELETE", (string?)null, "dave")]);
        var events = await check.ChangeEvents().Where(e => e.StreamId == id.ToString()).OrderBy(e => e.StreamVersion).ToListAsync();
        events.Select(e => (e.Kind, e.StreamVersion, e.ActorId)).Should().Equal(
            ("Created", 1L, "alice"), ("Updated", 2L, "bob"), ("Updated", 3L, "carol"), ("SoftDeleted", 4L, "dave"));
    }
}

/// <summary>Hierarchies mapped table per type and table per concrete type.</summary>
public static class MappingStrategyModel
{
    public interface IVehicle
    {
        int Id { get; set; }

        string Name { get; set; }

        void SetDerived(int value);
    }

    public abstract class TptVehicle : IVehicle
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public abstract void SetDerived(int value);
    }

    public sealed class TptCar : TptVehicle
    {
        public int Seats { get; set; }

        public override void SetDerived(int value) => Seats = value;
    }

    public sealed class TptTruck : TptVehicle
    {
        public int Load { get; set; }

        public override void SetDerived(int value) => Load = value;
    }

    public abstract class TpcVehicle : IVehicle
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public abstract void SetDerived(int value);
    }

    public sealed class TpcCar : TpcVehicle
    {
        public int Seats { get; set; }

        public override void SetDerived(int value) => Seats = value;
    }

    public sealed class TpcTruck : TpcVehicle
    {
        public int Load { get; set; }

        public override void SetDerived(int value) => Load = value;
    }

    /// <summary>One entity type whose row is split over two tables (entity splitting).</summary>
    public sealed class SplitCar : IVehicle
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public int Seats { get; set; }

        public void SetDerived(int value) => Seats = value;
    }

    public sealed class SplitDb(DbContextOptions<SplitDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<SplitCar>(b =>
            {
                b.ToTable("SplitCars").SplitToTable("SplitCarDetails", t => t.Property(c => c.Seats));
                b.HasActivityLog().HasSoftDelete().HasChangeStamps().HasChangeEvents();
            });
    }

    public sealed class TptDb(DbContextOptions<TptDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TptVehicle>().UseTptMappingStrategy().HasActivityLog().HasSoftDelete().HasChangeStamps().HasChangeEvents();
            modelBuilder.Entity<TptCar>();
            modelBuilder.Entity<TptTruck>();
        }
    }

    public sealed class TpcDb(DbContextOptions<TpcDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TpcVehicle>().UseTpcMappingStrategy().HasActivityLog().HasSoftDelete().HasChangeStamps().HasChangeEvents();
            modelBuilder.Entity<TpcCar>();
            modelBuilder.Entity<TpcTruck>();
        }
    }
}

public sealed class TptSqliteTest(SqliteTestStore store)
    : MappingStrategySpec<MappingStrategyModel.TptDb, MappingStrategyModel.TptVehicle, MappingStrategyModel.TptCar>(store), IClassFixture<SqliteTestStore>;

public sealed class TptPostgreSqlTest(PostgresTestStore store)
    : MappingStrategySpec<MappingStrategyModel.TptDb, MappingStrategyModel.TptVehicle, MappingStrategyModel.TptCar>(store), IClassFixture<PostgresTestStore>;

public sealed class TpcSqliteTest(SqliteTestStore store)
    : MappingStrategySpec<MappingStrategyModel.TpcDb, MappingStrategyModel.TpcVehicle, MappingStrategyModel.TpcCar>(store), IClassFixture<SqliteTestStore>;

public sealed class TpcPostgreSqlTest(PostgresTestStore store)
    : MappingStrategySpec<MappingStrategyModel.TpcDb, MappingStrategyModel.TpcVehicle, MappingStrategyModel.TpcCar>(store), IClassFixture<PostgresTestStore>;

public sealed class EntitySplittingSqliteTest(SqliteTestStore store)
    : MappingStrategySpec<MappingStrategyModel.SplitDb, MappingStrategyModel.SplitCar, MappingStrategyModel.SplitCar>(store), IClassFixture<SqliteTestStore>;

public sealed class EntitySplittingPostgreSqlTest(PostgresTestStore store)
    : MappingStrategySpec<MappingStrategyModel.SplitDb, MappingStrategyModel.SplitCar, MappingStrategyModel.SplitCar>(store), IClassFixture<PostgresTestStore>;
