using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Composition;

/// <summary>
/// Every combination of strategies that model validation accepts (at most one of audit trail, temporal history and
/// replace-on-update; change stamps, soft delete and the activity log with anything): an item is inserted by alice,
/// updated by bob and deleted by carol, and each strategy of the combination is checked for what it alone writes, read
/// back from the database. Written once, run on every provider.
/// </summary>
public abstract class CombinationMatrixSpec : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 7, 1, 8, 0, 0, TimeSpan.Zero);

    protected CombinationMatrixSpec(TestStore store)
    {
        Store = store;
        Contexts = new SpecContexts(store, Clock, (services, options) => services.AddDbContext<MatrixDb>(options));
    }

    private TestStore Store { get; }

    private FakeTimeProvider Clock { get; } = new(Start);

    private SpecContexts Contexts { get; }

    /// <summary>The 23 accepted combinations, by name (<see cref="Combination.Name"/>).</summary>
    public static TheoryData<string> Combinations => [.. Combination.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Each_strategy_of_the_combination_writes_what_it_writes_alone(string name)
    {
        var combination = Combination.All.Single(c => c.Name == name);
        int id;
        await using (var db = await Contexts.OpenAsync<MatrixDb>("alice"))
        {
            var item = combination.NewItem();
            item.Name = Unique("item");
            item.Amount = 1;
            db.Add(item);
            await db.SaveChangesAsync();
            id = item.Id;
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await Contexts.OpenAsync<MatrixDb>("bob"))
        {
            var item = await combination.Items(db).SingleAsync();
            item.Amount = 2;
            await db.SaveChangesAsync();
        }

        if (combination.Has(Strategy.ChangeStamps))
        {
            // Before the delete, which removes the row where nothing keeps it.
            await using var db = await Contexts.OpenAsync<MatrixDb>();
            var stamped = Quote(db.Model.FindEntityType(combination.ItemType)!.GetTableName()!);
            (await CountAsync(stamped, $"{Quote("CreatedBy")} = 'alice'")).Should().Be(1, "change stamps: the creator");
            (await CountAsync(stamped, $"{Quote("UpdatedBy")} = 'bob' OR {Quote("CreatedBy")} = 'bob'")).Should().Be(1, "change stamps: the updater");
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await Contexts.OpenAsync<MatrixDb>("carol"))
        {
            var item = await combination.Items(db).SingleAsync();
            item.Amount.Should().Be(2);
            db.Remove(item);
            await db.SaveChangesAsync();
            (await combination.Items(db).AnyAsync()).Should().BeFalse("a deleted item is gone from the application's queries");
        }

        await using var check = await Contexts.OpenAsync<MatrixDb>();
        var entityType = check.Model.FindEntityType(combination.ItemType)!;
        var table = Quote(entityType.GetTableName()!);
        var rows = Convert.ToInt64(await Store.ScalarAsync($"SELECT COUNT(*) FROM {table}"));
        var keptRows = combination.Has(Strategy.AuditTrail) || combination.Has(Strategy.ReplaceOnUpdate) ? 2 : combination.Has(Strategy.SoftDelete) ? 1 : 0;
        rows.Should().Be(keptRows, "the rows each combination keeps in the entity's own table");

        if (combination.Has(Strategy.SoftDelete))
        {
            (await CountAsync(table, $"{Quote("DeletedBy")} = 'carol'")).Should().Be(1, "soft delete: the deleter, once");
        }

        if (combination.Has(Strategy.TemporalHistory))
        {
            var history = Quote(entityType.FindTemporalHistoryEntityType()!.GetTableName()!);
            (await CountAsync(history, "1 = 1")).Should().Be(2, "temporal history: the inserted and the updated values");
            (await CountAsync(history, $"{Quote("ChangedBy")} = 'alice'")).Should().Be(1, "temporal history: version 1 names its author");
        }

        if (combination.Has(Strategy.AuditTrail))
        {
            (await CountAsync(table, $"{Quote("IsCurrent")} AND {Quote("Revision")} = 2")).Should().Be(1, "audit trail: revision 2 is current");
        }

        if (combination.Has(Strategy.ReplaceOnUpdate))
        {
            (await CountAsync(table, $"{Quote("ReplacesId")} = {id}")).Should().Be(1, "replace-on-update: the new record replaces the first");
        }

        if (combination.Has(Strategy.ActivityLog))
        {
            // Each Item<T> is logged under a name of its own (EF's short name, Item, would be the same for all of them).
            var log = await check.ActivityLog().Where(l => l.EntityType == entityType.DisplayName()).ToListAsync();
            log.Select(l => (l.Action, l.ActorId)).Should().BeEquivalentTo(
                [("CREATE", "alice"), ("CREATE", "alice"), ("UPDATE", "bob"), ("DELETE", "carol")],
                "the activity log: a CREATE row per field, the update and the delete ({0})", string.Join("; ", log.Select(l => $"{l.EntityType}/{l.EntityId}/{l.Action}/{l.ChangedField}/{l.Details}")));

            // Under the first row's key (a revision family's key); a new record (replace-on-update) is deleted under its own.
            var replacedDelete = combination.Has(Strategy.ReplaceOnUpdate) ? log.Single(l => l.Action == "DELETE") : null;
            log.Where(l => l != replacedDelete).Should().OnlyContain(l => l.EntityId == id.ToString());
            replacedDelete?.EntityId.Should().NotBe(id.ToString());
        }
    }

    public void Dispose() => Contexts.Dispose();

    private async Task<long> CountAsync(string table, string condition)
        => Convert.ToInt64(await Store.ScalarAsync($"SELECT COUNT(*) FROM {table} WHERE {condition}"));

    private static string Quote(string identifier) => "\"" + identifier + "\"";

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public enum Strategy
    {
        ChangeStamps,
        SoftDelete,
        ReplaceOnUpdate,
        AuditTrail,
        TemporalHistory,
        ActivityLog,
    }

    /// <summary>One accepted combination, on an item type of its own (<see cref="Item{TTag}"/>).</summary>
    public sealed class Combination(Type tag, IReadOnlyList<Strategy> strategies)
    {
        /// <summary>
        /// The accepted combinations: none, one or each of audit trail, temporal history and replace-on-update, with any
        /// subset of change stamps, soft delete (the audit trail switches it on; replace-on-update is a mode of it) and
        /// the activity log; the empty one left out.
        /// </summary>
        public static IReadOnlyList<Combination> All { get; } = Build();

        public Type ItemType { get; } = typeof(Item<>).MakeGenericType(tag);

        public IReadOnlyList<Strategy> Strategies { get; } = strategies;

        public string Name => string.Join("+", Strategies);

        public bool Has(Strategy strategy) => Strategies.Contains(strategy);

        public Item NewItem() => (Item)Activator.CreateInstance(ItemType)!;

        public IQueryable<Item> Items(DbContext db)
            => (IQueryable<Item>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(ItemType).Invoke(db, null)!;

        public void Configure(ModelBuilder modelBuilder)
        {
            var builder = modelBuilder.Entity(ItemType);
            builder.ToTable("matrix_" + string.Concat(Strategies.Select(s => s.ToString()[..2])).ToLowerInvariant());
            foreach (var strategy in Strategies)
            {
                _ = strategy switch
                {
                    Strategy.ChangeStamps => builder.HasChangeStamps(),
                    Strategy.SoftDelete => Has(Strategy.AuditTrail) ? builder : builder.HasSoftDelete(),
                    Strategy.ReplaceOnUpdate => builder.HasSoftDelete(s => s.ReplaceOnUpdate()),
                    Strategy.AuditTrail => builder.HasAuditTrail(),
                    Strategy.TemporalHistory => builder.HasTemporalHistory(),
                    _ => builder.HasActivityLog(),
                };
            }
        }

        private static List<Combination> Build()
        {
            var tags = new Queue<Type>(typeof(CombinationMatrixSpec).GetNestedTypes().Where(t => t.Name.StartsWith('C') && t.Name.Length == 3).OrderBy(t => t.Name));
            var combinations = new List<Combination>();
            foreach (var decider in new Strategy?[] { null, Strategy.AuditTrail, Strategy.TemporalHistory, Strategy.ReplaceOnUpdate })
            {
                for (var mask = 0; mask < 8; mask++)
                {
                    var stamps = (mask & 1) != 0;
                    var softDelete = (mask & 2) != 0;
                    var log = (mask & 4) != 0;

                    // The audit trail always soft-deletes, and replace-on-update is soft delete: no variant without it.
                    if (decider is Strategy.AuditTrail or Strategy.ReplaceOnUpdate && !softDelete)
                    {
                        continue;
                    }

                    List<Strategy> strategies =
                    [
                        .. stamps ? [Strategy.ChangeStamps] : Array.Empty<Strategy>(),
                        .. softDelete && decider != Strategy.ReplaceOnUpdate ? [Strategy.SoftDelete] : Array.Empty<Strategy>(),
                        .. decider is { } d ? [d] : Array.Empty<Strategy>(),
                        .. log ? [Strategy.ActivityLog] : Array.Empty<Strategy>(),
                    ];
                    if (strategies.Count > 0)
                    {
                        combinations.Add(new Combination(tags.Dequeue(), strategies));
                    }
                }
            }

            return combinations;
        }
    }

    /// <summary>What every item has; each combination maps its own <see cref="Item{TTag}"/>, to a table of its own.</summary>
    public abstract class Item
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public int Amount { get; set; }
    }

    public sealed class Item<TTag> : Item;

    public sealed class MatrixDb(DbContextOptions<MatrixDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            foreach (var combination in Combination.All)
            {
                combination.Configure(modelBuilder);
            }
        }
    }

    // Marker types, one per combination: each gives Item<T> an entity type (and a table) of its own.
    public sealed class C01;

    public sealed class C02;

    public sealed class C03;

    public sealed class C04;

    public sealed class C05;

    public sealed class C06;

    public sealed class C07;

    public sealed class C08;

    public sealed class C09;

    public sealed class C10;

    public sealed class C11;

    public sealed class C12;

    public sealed class C13;

    public sealed class C14;

    public sealed class C15;

    public sealed class C16;

    public sealed class C17;

    public sealed class C18;

    public sealed class C19;

    public sealed class C20;

    public sealed class C21;

    public sealed class C22;

    public sealed class C23;
}

public sealed class CombinationMatrixSqliteTest(SqliteTestStore store) : CombinationMatrixSpec(store), IClassFixture<SqliteTestStore>;

public sealed class CombinationMatrixPostgreSqlTest(PostgresTestStore store) : CombinationMatrixSpec(store), IClassFixture<PostgresTestStore>;
