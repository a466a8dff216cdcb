using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Shapes;

/// <summary>
/// A bulk statement through a base type writes the rows of its derived types too: when a derived type uses a strategy
/// the base type does not, the statement is refused (compiled or not) and changes nothing. Written once, run on every
/// provider.
/// </summary>
public abstract class InheritanceBulkSpec : IDisposable
{
    private readonly SpecContexts _contexts;

    protected InheritanceBulkSpec(TestStore store)
        => _contexts = new SpecContexts(
            store, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)), (services, options) => services.AddDbContext<AnimalsDb>(options));

    public void Dispose() => _contexts.Dispose();

    [Fact]
    public async Task ExecuteUpdate_through_the_base_type_of_a_logged_type_is_refused_and_changes_nothing()
    {
        var tag = await SeedAsync();
        await using var db = await _contexts.OpenAsync<AnimalsDb>("bob");

        var update = () => db.Animals.Where(a => a.Name.StartsWith(tag)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, a => a.Name + "!"));

        (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate on 'Animal' would also change rows of its derived type*which uses*");
        (await db.Animals.CountAsync(a => a.Name.StartsWith(tag) && a.Name.EndsWith("!"))).Should().Be(0);
    }

    [Fact]
    public async Task ExecuteDelete_through_the_base_type_is_refused_and_deletes_nothing()
    {
        var tag = await SeedAsync();
        await using var db = await _contexts.OpenAsync<AnimalsDb>("bob");

        var delete = () => db.Animals.Where(a => a.Name.StartsWith(tag)).ExecuteDeleteAsync();

        (await delete.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteDelete on 'Animal' would also change rows of its derived type*");
        (await db.Animals.CountAsync(a => a.Name.StartsWith(tag))).Should().Be(3);
    }

    [Fact]
    public async Task A_compiled_bulk_statement_through_the_base_type_is_refused()
    {
        var tag = await SeedAsync();
        await using var db = await _contexts.OpenAsync<AnimalsDb>("bob");
        var compiled = EF.CompileAsyncQuery((AnimalsDb context, string prefix) => context.Animals.Where(a => a.Name.StartsWith(prefix)).ExecuteDelete());

        var delete = () => compiled(db, tag);

        await delete.Should().ThrowAsync<InvalidOperationException>();
        (await db.Animals.CountAsync(a => a.Name.StartsWith(tag))).Should().Be(3);
    }

    [Fact]
    public async Task ExecuteUpdate_through_the_base_type_of_a_stamped_type_is_refused()
    {
        var tag = await SeedAsync();
        await using var db = await _contexts.OpenAsync<AnimalsDb>("bob");

        var update = () => db.Animals.Where(a => a is Cat || a is Bird).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, a => a.Name + "!"));

        await update.Should().ThrowAsync<InvalidOperationException>();
        (await db.Animals.CountAsync(a => a.Name.StartsWith(tag) && a.Name.EndsWith("!"))).Should().Be(0);
    }

    [Fact]
    public async Task SaveChanges_versions_each_derived_type_by_its_own_strategy()
    {
        var tag = await SeedAsync();
        await using (var db = await _contexts.OpenAsync<AnimalsDb>("bob"))
        {
            foreach (var animal in await db.Animals.Where(a => a.Name.StartsWith(tag)).ToListAsync())
            {
                animal.Name += "!";
            }

            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<AnimalsDb>();
        var dog = await check.Animals.OfType<Dog>().SingleAsync(a => a.Name.StartsWith(tag));
        // The log names a hierarchy's rows by its root type.
        var log = await check.ActivityLog().Where(a => a.EntityType == nameof(Animal) && a.EntityId == dog.Id.ToString()).ToListAsync();
        log.Select(a => (a.Action, a.ActorId)).Should().BeEquivalentTo([("CREATE", "alice"), ("UPDATE", "bob")]);
        var cat = await check.Animals.OfType<Cat>().SingleAsync(a => a.Name.StartsWith(tag));
        (check.Entry(cat).Property<string>("CreatedBy").CurrentValue, check.Entry(cat).Property<string>("UpdatedBy").CurrentValue).Should().Be(("alice", "bob"));
        var others = await check.Animals.Where(a => a.Name.StartsWith(tag) && !(a is Dog)).Select(a => a.Id.ToString()).ToListAsync();
        (await check.ActivityLog().CountAsync(a => a.EntityType == nameof(Animal) && others.Contains(a.EntityId))).Should().Be(0);
    }

    [Fact]
    public async Task ExecuteUpdate_on_an_unversioned_derived_type_runs()
    {
        var tag = await SeedAsync();
        await using var db = await _contexts.OpenAsync<AnimalsDb>("bob");

        var changed = await db.Animals.OfType<Bird>().Where(a => a.Name.StartsWith(tag)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, a => a.Name + "!"));

        changed.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteUpdate_on_a_logged_derived_type_logs_its_rows_under_the_root_name_where_the_provider_can()
    {
        var tag = await SeedAsync();
        await using var db = await _contexts.OpenAsync<AnimalsDb>("bob");

        var update = () => db.Set<Dog>().Where(a => a.Name.StartsWith(tag)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, a => a.Name + "!"));

        if (!CapturesBulkStatements)
        {
            (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate on 'Dog' would change rows without writing the activity log*");
            return;
        }

        (await update()).Should().Be(1);
        var dog = await db.Animals.AsNoTracking().SingleAsync(a => a.Name.StartsWith(tag) && a is Dog);
        var rows = await db.ActivityLog().Where(r => r.EntityType == "Animal" && r.ActorId == "bob" && r.EntityId == dog.Id.ToString()).ToListAsync();
        rows.Should().ContainSingle().Which.Should().BeEquivalentTo(new { ChangedField = "Name", OldValue = tag + "-dog", NewValue = tag + "-dog!" });
        (await db.Animals.AsNoTracking().CountAsync(a => a.Name.StartsWith(tag) && a.Name.EndsWith("!"))).Should().Be(1, "the cat and the bird are not dogs");
    }

    /// <summary>Whether bulk statements write their log rows (else they are refused).</summary>
    protected virtual bool CapturesBulkStatements => false;

    private async Task<string> SeedAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await _contexts.OpenAsync<AnimalsDb>("alice");
        db.AddRange(new Dog { Name = tag + "-dog" }, new Cat { Name = tag + "-cat" }, new Bird { Name = tag + "-bird" });
        await db.SaveChangesAsync();
        return tag;
    }

    public abstract class Animal
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class Dog : Animal;

    public sealed class Cat : Animal;

    public sealed class Bird : Animal;

    public sealed class AnimalsDb(DbContextOptions<AnimalsDb> options) : DbContext(options)
    {
        public DbSet<Animal> Animals => Set<Animal>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Animal>();
            modelBuilder.Entity<Dog>().HasActivityLog();
            modelBuilder.Entity<Cat>().HasChangeStamps();
            modelBuilder.Entity<Bird>();
        }
    }
}

public sealed class InheritanceBulkSqliteTest(SqliteTestStore store) : InheritanceBulkSpec(store), IClassFixture<SqliteTestStore>;

public sealed class InheritanceBulkPostgreSqlTest(PostgresTestStore store) : InheritanceBulkSpec(store), IClassFixture<PostgresTestStore>
{
    protected override bool CapturesBulkStatements => true;
}
