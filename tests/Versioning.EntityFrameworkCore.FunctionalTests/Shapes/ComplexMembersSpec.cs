using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Shapes;

/// <summary>
/// Complex properties (EF's value objects, nested too) are part of the entity's row, so every strategy versions a
/// change to them as a change of the entity: temporal history keeps their past values and as-of queries return them,
/// the activity log names the member (<c>Home.City</c>), new audit revisions and stamps carry them. At 1, 10 and 1,000
/// rows (the set-based paths start at 10), written once and run on every provider.
/// </summary>
public abstract class ComplexMembersSpec : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly SpecContexts _contexts;

    protected ComplexMembersSpec(TestStore store)
        => _contexts = new SpecContexts(store, _clock, (services, options) => services
            .AddDbContext<HousesDb>(options)
            .AddDbContext<SnakeCaseHousesDb>(o =>
            {
                options(o);
                o.UseSnakeCaseNamingConvention();
            }));

    public void Dispose() => _contexts.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_change_of_only_a_complex_member_is_a_new_temporal_version_and_as_of_returns_the_old_value(int rows)
    {
        var tag = await SeedAsync<TemporalHouse>(rows);
        var before = _clock.GetUtcNow().UtcDateTime;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await MoveAsync<TemporalHouse>(tag, "bob");

        await using var check = await _contexts.OpenAsync<HousesDb>();
        var current = await check.Set<TemporalHouse>().Where(h => h.Name.StartsWith(tag)).ToListAsync();
        current.Should().HaveCount(rows).And.OnlyContain(h => h.Home.City == "Lyon" && h.Home.Geo.Latitude == 45.76m && h.Paint == Paint.Blue && h.Version == 2);
        var then = await check.Set<TemporalHouse>().TemporalAsOf(before).Where(h => h.Name.StartsWith(tag)).ToListAsync();
        then.Should().HaveCount(rows).And.OnlyContain(h => h.Home.City == "Paris" && h.Home.Street == "Rue 1" && h.Home.Geo.Latitude == 48.85m && h.Paint == Paint.White);
        var all = await check.Set<TemporalHouse>().TemporalAll().Where(h => h.Name.StartsWith(tag)).Select(h => h.Home.City).ToListAsync();
        all.Should().HaveCount(2 * rows);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_failed_save_of_complex_members_leaves_the_tracker_as_the_application_left_it(int rows)
    {
        var tag = await SeedAsync<TemporalHouse>(rows);
        var stale = await _contexts.OpenAsync<HousesDb>("stale");
        var houses = await stale.Set<TemporalHouse>().Where(h => h.Name.StartsWith(tag)).ToListAsync();
        await MoveAsync<TemporalHouse>(tag, "bob");
        houses.ForEach(h => h.Home.City = "Nice");

        var save = () => stale.SaveChangesAsync();

        await save.Should().ThrowAsync<DbUpdateConcurrencyException>();
        houses.Should().OnlyContain(h => stale.Entry(h).State == EntityState.Modified);
        houses.Select(h => stale.Entry(h).ComplexProperty(x => x.Home).Property(a => a.City))
            .Should().OnlyContain(city => city.IsModified && (string)city.OriginalValue! == "Paris" && (string)city.CurrentValue! == "Nice");
        await using var check = await _contexts.OpenAsync<HousesDb>();
        (await check.Set<TemporalHouse>().TemporalAll().CountAsync(h => h.Name.StartsWith(tag) && h.Home.City == "Nice")).Should().Be(0);
    }

    [Fact]
    public async Task As_of_queries_read_complex_members_under_a_naming_convention()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var seed = await _contexts.OpenAsync<SnakeCaseHousesDb>("alice"))
        {
            seed.Add(new TemporalHouse { Name = tag, Home = new Address { City = "Paris", Geo = new Geo { Latitude = 48.85m } } });
            await seed.SaveChangesAsync();
        }

        var before = _clock.GetUtcNow().UtcDateTime;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await _contexts.OpenAsync<SnakeCaseHousesDb>("bob"))
        {
            (await db.Set<TemporalHouse>().SingleAsync(h => h.Name == tag)).Home.City = "Lyon";
            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<SnakeCaseHousesDb>();
        var then = await check.Set<TemporalHouse>().TemporalAsOf(before).Where(h => h.Name == tag).Select(h => new { h.Home.City, h.Home.Geo.Latitude }).SingleAsync();
        then.Should().Be(new { City = "Paris", Latitude = 48.85m });
        (await check.Set<TemporalHouse>().TemporalAll().Where(h => h.Name == tag).Select(h => h.Home.City).ToListAsync()).Should().BeEquivalentTo(["Paris", "Lyon"]);
    }

    [Fact]
    public async Task Restoring_a_temporal_entity_as_of_a_past_time_restores_its_complex_members_as_a_new_version()
    {
        var tag = await SeedAsync<TemporalHouse>(1);
        var before = _clock.GetUtcNow().UtcDateTime;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await MoveAsync<TemporalHouse>(tag, "bob");
        _clock.Advance(TimeSpan.FromMinutes(1));

        await using (var db = await _contexts.OpenAsync<HousesDb>("carol"))
        {
            var house = await db.Set<TemporalHouse>().SingleAsync(h => h.Name.StartsWith(tag));
            await db.RestoreAsOfAsync(house, before);
            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<HousesDb>();
        var restored = await check.Set<TemporalHouse>().SingleAsync(h => h.Name.StartsWith(tag));
        (restored.Home.City, restored.Home.Geo.Latitude, restored.Paint, restored.Version).Should().Be(("Paris", 48.85m, Paint.White, 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_change_of_a_complex_member_is_logged_under_its_path(int rows)
    {
        var tag = await SeedAsync<LoggedHouse>(rows);
        await MoveAsync<LoggedHouse>(tag, "bob");

        await using var check = await _contexts.OpenAsync<HousesDb>();
        var ids = (await check.Set<LoggedHouse>().Where(h => h.Name.StartsWith(tag)).Select(h => h.Id).ToListAsync())
            .Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var log = await check.ActivityLog().Where(a => a.EntityType == nameof(LoggedHouse) && a.Action == "UPDATE").ToListAsync();
        log = [.. log.Where(a => ids.Contains(a.EntityId))];
        log.Where(a => a.ChangedField == "Home.City").Should().HaveCount(rows)
            .And.OnlyContain(a => a.OldValue == "Paris" && a.NewValue == "Lyon" && a.ActorId == "bob");
        log.Where(a => a.ChangedField == "Home.Geo.Latitude").Should().HaveCount(rows)
            .And.OnlyContain(a => a.OldValue == "48.85" && a.NewValue == "45.76", "decimal text is canonical: 48.850000 read from a numeric(9,6) column is 48.85");
        log.Where(a => a.ChangedField == "Paint").Should().HaveCount(rows).And.OnlyContain(a => a.OldValue == "White" && a.NewValue == "Blue");
        log.Should().HaveCount(3 * rows, "the street did not change");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_change_of_a_complex_member_makes_a_new_audit_revision_that_carries_it(int rows)
    {
        var tag = await SeedAsync<AuditHouse>(rows);
        await MoveAsync<AuditHouse>(tag, "bob");

        await using var check = await _contexts.OpenAsync<HousesDb>();
        var revisions = await check.Set<AuditHouse>().IgnoreQueryFilters().Where(h => h.Name.StartsWith(tag))
            .Select(h => new { h.Home.City, h.Home.Geo.Latitude, h.Home.Street, IsCurrent = EF.Property<bool>(h, "IsCurrent") })
            .ToListAsync();
        revisions.Where(r => r.IsCurrent).Should().HaveCount(rows).And.OnlyContain(r => r.City == "Lyon" && r.Latitude == 45.76m && r.Street == "Rue 1");
        revisions.Where(r => !r.IsCurrent).Should().HaveCount(rows).And.OnlyContain(r => r.City == "Paris" && r.Latitude == 48.85m);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_bulk_update_of_a_complex_member_and_a_converted_value_makes_new_audit_revisions_that_carry_them(int rows)
    {
        var tag = await SeedAsync<AuditHouse>(rows);
        await using var db = await _contexts.OpenAsync<HousesDb>("bob");

        var update = () => db.Set<AuditHouse>().Where(h => h.Name.StartsWith(tag))
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Home.City, "Lyon").SetProperty(h => h.Paint, Paint.Blue));

        if (db.Database.ProviderName != "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate cannot run on 'AuditHouse'*audit trail*");
            return;
        }

        (await update()).Should().Be(rows);
        await using var check = await _contexts.OpenAsync<HousesDb>();
        var revisions = await check.Set<AuditHouse>().IgnoreQueryFilters().Where(h => h.Name.StartsWith(tag))
            .Select(h => new { h.Home.City, h.Home.Street, h.Home.Geo.Latitude, h.Paint, IsCurrent = EF.Property<bool>(h, "IsCurrent"), By = EF.Property<string>(h, "ModifiedBy") })
            .ToListAsync();
        revisions.Where(r => r.IsCurrent).Should().HaveCount(rows)
            .And.OnlyContain(r => r.City == "Lyon" && r.Street == "Rue 1" && r.Latitude == 48.85m && r.Paint == Paint.Blue && r.By == "bob");
        revisions.Where(r => !r.IsCurrent).Should().HaveCount(rows).And.OnlyContain(r => r.City == "Paris" && r.Paint == Paint.White);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_bulk_update_of_a_complex_member_writes_temporal_history_and_log_rows_that_carry_it(int rows)
    {
        var temporal = await SeedAsync<TemporalHouse>(rows);
        var logged = await SeedAsync<LoggedHouse>(rows);
        await using var db = await _contexts.OpenAsync<HousesDb>("bob");

        var moveTemporal = () => db.Set<TemporalHouse>().Where(h => h.Name.StartsWith(temporal))
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Home.City, "Lyon").SetProperty(h => h.Home.Geo.Latitude, 45.76m));
        var moveLogged = () => db.Set<LoggedHouse>().Where(h => h.Name.StartsWith(logged))
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Home.City, "Lyon").SetProperty(h => h.Paint, Paint.Blue));

        if (db.Database.ProviderName != "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            await moveTemporal.Should().ThrowAsync<InvalidOperationException>();
            await moveLogged.Should().ThrowAsync<InvalidOperationException>();
            return;
        }

        (await moveTemporal()).Should().Be(rows);
        (await moveLogged()).Should().Be(rows);
        await using var check = await _contexts.OpenAsync<HousesDb>();
        var versions = await check.Set<TemporalHouse>().TemporalAll().Where(h => h.Name.StartsWith(temporal))
            .Select(h => new { h.Home.City, h.Home.Geo.Latitude, h.Home.Street }).ToListAsync();
        versions.Should().HaveCount(2 * rows);
        versions.Count(v => v.City == "Paris" && v.Latitude == 48.85m && v.Street == "Rue 1").Should().Be(rows, "history keeps the old values of the complex member");
        versions.Count(v => v.City == "Lyon" && v.Latitude == 45.76m && v.Street == "Rue 1").Should().Be(rows);
        var ids = await check.Set<LoggedHouse>().Where(h => h.Name.StartsWith(logged)).Select(h => h.Id.ToString()).ToListAsync();
        var log = await check.ActivityLog().Where(a => a.EntityType == nameof(LoggedHouse) && a.Action == "UPDATE" && ids.Contains(a.EntityId))
            .Select(a => a.ChangedField + ":" + a.OldValue + ">" + a.NewValue).ToListAsync();
        log.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count()).Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["Home.City:Paris>Lyon"] = rows,
            ["Paint:White>Blue"] = rows,
        });
    }

    [Fact]
    public async Task A_copy_sent_back_and_saved_with_Update_writes_the_stored_complex_members_to_history_and_the_log()
    {
        var temporalTag = await SeedAsync<TemporalHouse>(1);
        var loggedTag = await SeedAsync<LoggedHouse>(1);
        TemporalHouse temporal;
        LoggedHouse logged;
        await using (var read = await _contexts.OpenAsync<HousesDb>())
        {
            temporal = await read.Set<TemporalHouse>().AsNoTracking().SingleAsync(h => h.Name.StartsWith(temporalTag));
            logged = await read.Set<LoggedHouse>().AsNoTracking().SingleAsync(h => h.Name.StartsWith(loggedTag));
        }

        // The copies a client sends back: the same rows, moved to Lyon.
        temporal.Home = new Address { Street = "Rue 1", City = "Lyon", Geo = new Geo { Latitude = 45.76m, Longitude = 2.35m } };
        logged.Home = new Address { Street = "Rue 1", City = "Lyon", Geo = new Geo { Latitude = 48.85m, Longitude = 2.35m } };
        _clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await _contexts.OpenAsync<HousesDb>("bob"))
        {
            db.Update(temporal);
            db.Update(logged);
            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<HousesDb>();
        (await check.Set<TemporalHouse>().TemporalAll().Where(h => h.Id == temporal.Id).OrderBy(h => h.Version).Select(h => new { h.Home.City, h.Home.Geo.Latitude }).ToListAsync())
            .Select(h => (h.City, h.Latitude)).Should().Equal(("Paris", 48.85m), ("Lyon", 45.76m));
        (await check.ActivityLog().Where(a => a.EntityType == nameof(LoggedHouse) && a.EntityId == logged.Id.ToString() && a.Action == "UPDATE")
            .Select(a => a.ChangedField + ":" + a.OldValue + ">" + a.NewValue).ToListAsync()).Should().Equal("Home.City:Paris>Lyon");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_change_of_only_a_complex_member_moves_the_change_stamps(int rows)
    {
        var tag = await SeedAsync<StampedHouse>(rows);
        await MoveAsync<StampedHouse>(tag, "bob");

        await using var check = await _contexts.OpenAsync<HousesDb>();
        var stored = await check.Set<StampedHouse>().Where(h => h.Name.StartsWith(tag))
            .Select(h => new { h.Home.City, UpdatedBy = EF.Property<string>(h, "UpdatedBy") }).ToListAsync();
        stored.Should().HaveCount(rows).And.OnlyContain(h => h.City == "Lyon" && h.UpdatedBy == "bob");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_soft_deleted_entity_keeps_its_complex_members(int rows)
    {
        var tag = await SeedAsync<SoftHouse>(rows);
        await using (var db = await _contexts.OpenAsync<HousesDb>("bob"))
        {
            db.RemoveRange(await db.Set<SoftHouse>().Where(h => h.Name.StartsWith(tag)).ToListAsync());
            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<HousesDb>();
        var stored = await check.Set<SoftHouse>().IgnoreQueryFilters().Where(h => h.Name.StartsWith(tag))
            .Select(h => new { h.Home.City, IsDeleted = EF.Property<bool>(h, "IsDeleted") }).ToListAsync();
        stored.Should().HaveCount(rows).And.OnlyContain(h => h.City == "Paris" && h.IsDeleted);
    }

    private async Task<string> SeedAsync<THouse>(int rows)
        where THouse : House, new()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await _contexts.OpenAsync<HousesDb>("alice");
        db.AddRange(Enumerable.Range(0, rows).Select(i => new THouse
        {
            Name = $"{tag}-{i}",
            Home = new Address { Street = "Rue 1", City = "Paris", Geo = new Geo { Latitude = 48.85m, Longitude = 2.35m } },
        }));
        await db.SaveChangesAsync();
        return tag;
    }

    /// <summary>Changes the city, the latitude and the paint (a converted value) of every house tagged <paramref name="tag"/>.</summary>
    private async Task MoveAsync<THouse>(string tag, string actor)
        where THouse : House
    {
        await using var db = await _contexts.OpenAsync<HousesDb>(actor);
        foreach (var house in await db.Set<THouse>().Where(h => h.Name.StartsWith(tag)).ToListAsync())
        {
            house.Home.City = "Lyon";
            house.Home.Geo.Latitude = 45.76m;
            house.Paint = Paint.Blue;
        }

        (await db.SaveChangesAsync()).Should().BeGreaterThan(0);
    }

    public sealed class Geo
    {
        public decimal Latitude { get; set; }

        public decimal Longitude { get; set; }
    }

    public sealed class Address
    {
        public string Street { get; set; } = "";

        public string City { get; set; } = "";

        public Geo Geo { get; set; } = new();
    }

    public abstract class House
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public Address Home { get; set; } = new();

        /// <summary>Stored as text through a value converter.</summary>
        public Paint Paint { get; set; } = Paint.White;
    }

    public enum Paint
    {
        White,
        Blue,
    }

    public sealed class TemporalHouse : House
    {
        public DateTime ValidFrom { get; set; }

        public int Version { get; set; }
    }

    public sealed class LoggedHouse : House;

    public sealed class AuditHouse : House;

    public sealed class StampedHouse : House;

    public sealed class SoftHouse : House;

    public sealed class HousesDb(DbContextOptions<HousesDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => Build(modelBuilder);

        public static void Build(ModelBuilder modelBuilder)
        {
            Map(modelBuilder.Entity<TemporalHouse>().HasTemporalHistory());
            Map(modelBuilder.Entity<LoggedHouse>().HasActivityLog());
            Map(modelBuilder.Entity<AuditHouse>().HasAuditTrail());
            Map(modelBuilder.Entity<StampedHouse>().HasChangeStamps());
            Map(modelBuilder.Entity<SoftHouse>().HasSoftDelete());
        }

        private static void Map<THouse>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<THouse> house)
            where THouse : House
        {
            house.Property(h => h.Paint).HasConversion<string>();
            house.ComplexProperty(h => h.Home, home => home.ComplexProperty(a => a.Geo, geo =>
            {
                geo.Property(g => g.Latitude).HasPrecision(9, 6);
                geo.Property(g => g.Longitude).HasPrecision(9, 6);
            }));
        }
    }
}

/// <summary>The same model under snake_case names (EFCore.NamingConventions), in tables of its own.</summary>
public sealed class SnakeCaseHousesDb(DbContextOptions<SnakeCaseHousesDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => ComplexMembersSpec.HousesDb.Build(modelBuilder);
}

public sealed class ComplexMembersSqliteTest(SqliteTestStore store) : ComplexMembersSpec(store), IClassFixture<SqliteTestStore>;

public sealed class ComplexMembersPostgreSqlTest(PostgresTestStore store) : ComplexMembersSpec(store), IClassFixture<PostgresTestStore>;
