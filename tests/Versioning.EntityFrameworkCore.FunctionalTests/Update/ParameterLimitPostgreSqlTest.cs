using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Update;

/// <summary>
/// No statement Versioning writes goes over PostgreSQL's 65,535 parameters per statement: history rows with a column
/// that cannot be unnested (<c>bytea</c>) are written as multi-row VALUES, split into statements that stay under it.
/// </summary>
public sealed class ParameterLimitPostgreSqlTest : IClassFixture<PostgresTestStore>, IDisposable
{
    private readonly SpecContexts _contexts;

    public ParameterLimitPostgreSqlTest(PostgresTestStore store)
        => _contexts = new SpecContexts(
            store, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)), (services, options) => services.AddDbContext<BlobDb>(options));

    public void Dispose() => _contexts.Dispose();

    [Fact]
    public async Task History_rows_with_a_bytea_column_are_split_into_statements_under_the_parameter_limit()
    {
        // 9,000 history rows of 8 columns would be 72,000 parameters in one statement.
        const int Rows = 9_000;
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var seed = await _contexts.OpenAsync<BlobDb>("seed"))
        {
            seed.Blobs.AddRange(Enumerable.Range(0, Rows).Select(i => new Blob { Name = $"{tag}-{i}", Data = [1, 2, 3], Kind = "a", Size = i }));
            await seed.SaveChangesAsync();
        }

        await using (var db = await _contexts.OpenAsync<BlobDb>("bob"))
        {
            foreach (var blob in await db.Blobs.Where(b => b.Name.StartsWith(tag)).ToListAsync())
            {
                blob.Data = [4, 5, 6];
            }

            await db.SaveChangesAsync();
        }

        await using var check = await _contexts.OpenAsync<BlobDb>();
        (await check.Blobs.TemporalAll().CountAsync(b => b.Name.StartsWith(tag))).Should().Be(2 * Rows);
        (await check.Blobs.TemporalAll().CountAsync(b => b.Name.StartsWith(tag) && b.Data == new byte[] { 1, 2, 3 })).Should().Be(Rows);
    }

    public sealed class Blob
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public byte[] Data { get; set; } = [];

        public string Kind { get; set; } = "";

        public int Size { get; set; }
    }

    public sealed class BlobDb(DbContextOptions<BlobDb> options) : DbContext(options)
    {
        public DbSet<Blob> Blobs => Set<Blob>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Blob>().HasTemporalHistory();
    }
}
