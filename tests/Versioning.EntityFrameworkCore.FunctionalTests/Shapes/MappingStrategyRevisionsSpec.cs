using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Shapes;

/// <summary>
/// The audit trail and replace-on-update on hierarchies mapped table per type (a revision's row spans two tables, so
/// EF writes the old row's retirement and the new row's inserts, in its transaction), table per concrete type and
/// entity splitting: an
/// update of 1, 10 or 1,000 rows is a new row with both tables' values, the old one kept with its own.
/// </summary>
public abstract class MappingStrategyRevisionsSpec<TDb, TCar> : IDisposable
    where TDb : DbContext
    where TCar : class, MappingStrategyRevisionsModel.IRevised, new()
{
    private readonly SpecContexts _contexts;

    protected MappingStrategyRevisionsSpec(TestStore store)
        => _contexts = new SpecContexts(
            store, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)), (services, options) => services.AddDbContext<TDb>(options));

    public void Dispose() => _contexts.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task Each_update_is_a_new_revision_with_both_tables_values(int rows)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var db = await _contexts.OpenAsync<TDb>("alice"))
        {
            db.AddRange(Enumerable.Range(0, rows).Select(i => new TCar { Name = tag + i, Seats = 4 }));
            await db.SaveChangesAsync();
        }

        await using (var db = await _contexts.OpenAsync<TDb>("bob"))
        {
            foreach (var car in await db.Set<TCar>().Where(c => c.Name.StartsWith(tag)).ToListAsync())
            {
                car.Seats = 5;
                car.Name += "!";
            }

            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<TDb>();
        var current = await check.Set<TCar>().Where(c => c.Name.StartsWith(tag)).ToListAsync();
        current.Should().HaveCount(rows).And.OnlyContain(c => c.Seats == 5 && c.Name.EndsWith("!"));
        var all = await check.Set<TCar>().IgnoreQueryFilters().Where(c => c.Name.StartsWith(tag)).ToListAsync();
        all.Should().HaveCount(2 * rows);
        all.Where(c => !c.Name.EndsWith("!")).Should().OnlyContain(c => c.Seats == 4);
    }
}

public static class MappingStrategyRevisionsModel
{
    public interface IRevised
    {
        string Name { get; set; }

        int Seats { get; set; }
    }

    public abstract class TptContract
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class TptLease : TptContract, IRevised
    {
        public int Seats { get; set; }
    }

    public abstract class TptOffer
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class TptListing : TptOffer, IRevised
    {
        public int Seats { get; set; }
    }

    public abstract class TpcContract
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class TpcLease : TpcContract, IRevised
    {
        public int Seats { get; set; }
    }

    public abstract class TpcOffer
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class TpcListing : TpcOffer, IRevised
    {
        public int Seats { get; set; }
    }

    public sealed class TpcAuditDb(DbContextOptions<TpcAuditDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TpcContract>().UseTpcMappingStrategy().HasAuditTrail();
            modelBuilder.Entity<TpcLease>();
        }
    }

    public sealed class TpcReplaceDb(DbContextOptions<TpcReplaceDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TpcOffer>().UseTpcMappingStrategy().HasSoftDelete(s => s.ReplaceOnUpdate());
            modelBuilder.Entity<TpcListing>();
        }
    }

    /// <summary>An audited entity type whose row is split over two tables (entity splitting).</summary>
    public sealed class SplitLease : IRevised
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public int Seats { get; set; }
    }

    public sealed class SplitAuditDb(DbContextOptions<SplitAuditDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<SplitLease>(b => b.ToTable("SplitLeases").SplitToTable("SplitLeaseDetails", t => t.Property(c => c.Seats)).HasAuditTrail());
    }

    public sealed class TptAuditDb(DbContextOptions<TptAuditDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TptContract>().UseTptMappingStrategy().HasAuditTrail();
            modelBuilder.Entity<TptLease>();
        }
    }

    public sealed class TptReplaceDb(DbContextOptions<TptReplaceDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<TptOffer>().UseTptMappingStrategy().HasSoftDelete(s => s.ReplaceOnUpdate());
            modelBuilder.Entity<TptListing>();
        }
    }
}

public sealed class TptAuditSqliteTest(SqliteTestStore store)
    : MappingStrategyRevisionsSpec<MappingStrategyRevisionsModel.TptAuditDb, MappingStrategyRevisionsModel.TptLease>(store), IClassFixture<SqliteTestStore>;

public sealed class TptAuditPostgreSqlTest(PostgresTestStore store)
    : MappingStrategyRevisionsSpec<MappingStrategyRevisionsModel.TptAuditDb, MappingStrategyRevisionsModel.TptLease>(store), IClassFixture<PostgresTestStore>;

public sealed class TptReplaceSqliteTest(SqliteTestStore store)
    : MappingStrategyRevisionsSpec<MappingStrategyRevisionsModel.TptReplaceDb, MappingStrategyRevisionsModel.TptListing>(store), IClassFixture<SqliteTestStore>;

public sealed class TptReplacePostgreSqlTest(PostgresTestStore store)
    : MappingStrategyRevisionsSpec<MappingStrategyRevisionsModel.TptReplaceDb, MappingStrategyRevisionsModel.TptListing>(store), IClassFixture<PostgresTestStore>;

public sealed class TpcAuditPostgreSqlTest(PostgresTestStore store)
    : MappingStrategyRevisionsSpec<MappingStrategyRevisionsModel.TpcAuditDb, MappingStrategyRevisionsModel.TpcLease>(store), IClassFixture<PostgresTestStore>;

public sealed class TpcReplacePostgreSqlTest(PostgresTestStore store)
    : MappingStrategyRevisionsSpec<MappingStrategyRevisionsModel.TpcReplaceDb, MappingStrategyRevisionsModel.TpcListing>(store), IClassFixture<PostgresTestStore>;

public sealed class SplitAuditSqliteTest(SqliteTestStore store)
    : MappingStrategyRevisionsSpec<MappingStrategyRevisionsModel.SplitAuditDb, MappingStrategyRevisionsModel.SplitLease>(store), IClassFixture<SqliteTestStore>;

public sealed class SplitAuditPostgreSqlTest(PostgresTestStore store)
    : MappingStrategyRevisionsSpec<MappingStrategyRevisionsModel.SplitAuditDb, MappingStrategyRevisionsModel.SplitLease>(store), IClassFixture<PostgresTestStore>;

/// <summary>
/// On SQLite, EF generates no key for a table per concrete type (no sequence shared by the tables), and a new revision or
/// record needs one: the model is refused when it is built.
/// </summary>
public sealed class TpcRevisionsSqliteTest(SqliteTestStore store) : IClassFixture<SqliteTestStore>
{
    [Fact]
    public void The_audit_trail_and_replace_on_update_of_a_table_per_concrete_type_hierarchy_are_refused()
    {
        var audit = () => Model<MappingStrategyRevisionsModel.TpcAuditDb>();
        var replace = () => Model<MappingStrategyRevisionsModel.TpcReplaceDb>();

        audit.Should().Throw<InvalidOperationException>().WithMessage("*'TpcContract' uses audit trail*not a single generated property*");
        replace.Should().Throw<InvalidOperationException>().WithMessage("*'TpcListing' uses soft delete with new record*not a single generated property*");
    }

    private object Model<TDb>()
        where TDb : DbContext
    {
        var options = store.UseProvider(new DbContextOptionsBuilder<TDb>()).Options;
        using var db = (TDb)Activator.CreateInstance(typeof(TDb), options)!;
        return db.Model;
    }
}
