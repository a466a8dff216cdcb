using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Shapes;

/// <summary>
/// Soft delete is the one strategy that accepts owned types (the others refuse them at model validation): a
/// soft-deleted owner keeps its owned values, in its own table (OwnsOne) and in the owned table (OwnsMany). Written once,
/// run on every provider.
/// </summary>
public abstract class OwnedMembersSpec : IDisposable
{
    private readonly SpecContexts _contexts;

    protected OwnedMembersSpec(TestStore store)
        => _contexts = new SpecContexts(
            store, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)), (services, options) => services.AddDbContext<MailboxesDb>(options));

    public void Dispose() => _contexts.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task A_soft_deleted_owner_keeps_its_owned_values_and_rows(int rows)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var seed = await _contexts.OpenAsync<MailboxesDb>("alice"))
        {
            seed.AddRange(Enumerable.Range(0, rows).Select(i => new Mailbox
            {
                Name = $"{tag}-{i}",
                Address = new PostalAddress { City = "Paris" },
                Aliases = [new Alias { Value = "a" }, new Alias { Value = "b" }],
            }));
            await seed.SaveChangesAsync();
        }

        await using (var db = await _contexts.OpenAsync<MailboxesDb>("bob"))
        {
            db.RemoveRange(await db.Mailboxes.Where(m => m.Name.StartsWith(tag)).ToListAsync());
            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<MailboxesDb>();
        var stored = await check.Mailboxes.IgnoreQueryFilters().Where(m => m.Name.StartsWith(tag)).ToListAsync();
        stored.Should().HaveCount(rows).And.OnlyContain(m => m.Address != null && m.Address.City == "Paris" && m.Aliases.Count == 2);
        stored.Should().OnlyContain(m => check.Entry(m).Property<bool>("IsDeleted").CurrentValue);
    }

    public sealed class PostalAddress
    {
        public string City { get; set; } = "";
    }

    public sealed class Alias
    {
        public Guid Id { get; set; } = Guid.NewGuid();

        public string Value { get; set; } = "";
    }

    public sealed class Mailbox
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public PostalAddress? Address { get; set; }

        public List<Alias> Aliases { get; set; } = [];
    }

    public sealed class MailboxesDb(DbContextOptions<MailboxesDb> options) : DbContext(options)
    {
        public DbSet<Mailbox> Mailboxes => Set<Mailbox>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Mailbox>(m =>
            {
                m.HasSoftDelete();
                m.OwnsOne(x => x.Address);
                m.OwnsMany(x => x.Aliases, a => a.HasKey(x => x.Id));
            });
    }
}

public sealed class OwnedMembersSqliteTest(SqliteTestStore store) : OwnedMembersSpec(store), IClassFixture<SqliteTestStore>;

public sealed class OwnedMembersPostgreSqlTest(PostgresTestStore store) : OwnedMembersSpec(store), IClassFixture<PostgresTestStore>;
