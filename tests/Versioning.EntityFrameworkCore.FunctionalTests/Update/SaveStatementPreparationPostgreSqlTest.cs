using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Update;

/// <summary>
/// The one statement of a one-entity save that writes log rows or a new revision is prepared on its connection, once
/// per shape; other save statements are not, and the option switches it off. Read back from PostgreSQL's own list of
/// prepared statements.
/// </summary>
public sealed class SaveStatementPreparationPostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>
{
    [Fact]
    public async Task One_entity_saves_with_log_rows_or_a_new_revision_are_prepared_once_per_statement_and_other_saves_are_not()
        => (await PreparedStatementsAfterSavesAsync(prepare: null)).Should().Equal(1L, 1L, 0L);

    [Fact]
    public async Task Switching_preparation_off_leaves_every_save_statement_unprepared()
        => (await PreparedStatementsAfterSavesAsync(prepare: false)).Should().Equal(0L, 0L, 0L);

    /// <summary>
    /// Saves two one-entity updates of the same shape, a revision, a two-entity update and a plain entity, then counts
    /// the prepared statements that write log rows, that write a revision, and all others.
    /// </summary>
    private async Task<long[]> PreparedStatementsAfterSavesAsync(bool? prepare)
    {
        await using var services = new ServiceCollection()
            .AddDbContext<PreparationDb>(o => store.UseProvider(o, v =>
            {
                if (prepare is { } value)
                {
                    v.PrepareSaveStatements(value);
                }
            }))
            .AddVersioning()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PreparationDb>();
        await store.EnsureTablesAsync(db);
        var variants = new[] { new Variant { Price = 1m }, new Variant { Price = 2m } };
        var entity = new LegalEntity { Name = "Acme" };
        var plain = new Warehouse { Name = "north" };
        db.AddRange(variants);
        db.AddRange(entity, plain);
        await db.SaveChangesAsync();

        await db.Database.OpenConnectionAsync();
        try
        {
            // Prepared statements live with the pooled physical connection: start from none, whatever ran on it before.
            ((NpgsqlConnection)db.Database.GetDbConnection()).UnprepareAll();

            variants[0].Price = 10m;
            await db.SaveChangesAsync();
            variants[0].Price = 11m;
            db.SaveChanges();
            entity.Name = "Acme Ltd";
            await db.SaveChangesAsync();
            variants[0].Price = 12m;
            variants[1].Price = 13m;
            await db.SaveChangesAsync();
            plain.Name = "south";
            await db.SaveChangesAsync();

            var ids = variants.Select(v => v.Id).ToList();
            (await db.Variants.AsNoTracking().Where(v => ids.Contains(v.Id)).OrderBy(v => v.Id).Select(v => v.Price).ToListAsync())
                .Should().Equal(12m, 13m);
            (await db.ActivityLog().For(variants[0]).CountAsync(a => a.Action == "UPDATE")).Should().Be(3);
            (await db.ActivityLog().For(variants[1]).CountAsync(a => a.Action == "UPDATE")).Should().Be(1);
            return
            [
                await CountPreparedAsync(db, "WITH versioning_written%", like: true),
                await CountPreparedAsync(db, "WITH versioning_replaced%", like: true),
                await CountPreparedAsync(db, "WITH versioning_%", like: false),
            ];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Task<long> CountPreparedAsync(PreparationDb db, string pattern, bool like)
        => db.Database
            .SqlQuery<long>($"SELECT COUNT(*) AS \"Value\" FROM pg_prepared_statements WHERE (statement LIKE {pattern}) = {like}")
            .SingleAsync();

    public sealed class Variant
    {
        public int Id { get; set; }

        public decimal Price { get; set; }
    }

    public sealed class LegalEntity
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class Warehouse
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class PreparationDb(DbContextOptions<PreparationDb> options) : DbContext(options)
    {
        public DbSet<Variant> Variants => Set<Variant>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder
                .Entity<Variant>(b => b.HasActivityLog())
                .Entity<LegalEntity>(b => b.HasAuditTrail())
                .Entity<Warehouse>();
    }
}
