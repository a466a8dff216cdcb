using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Versioning.EntityFrameworkCore.Pipeline.Rows;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;

namespace Versioning.EntityFrameworkCore.Tests.Sql;

/// <summary>
/// The statements that write activity rows apart from EF's batch (rows that wait for a generated key, or a large save
/// outside PostgreSQL), asserted verbatim. They run on the connection directly, where EF's command interceptors do not see
/// them, so they are built here without a database.
/// </summary>
public class ActivityLogWriterSqlTest
{
    [Fact]
    public void On_PostgreSQL_the_rows_are_one_insert_from_unnest_with_one_array_per_column()
    {
        using var db = new LogDb(new DbContextOptionsBuilder<LogDb>().UseNpgsql("Host=localhost", n => n.UseVersioning()).Options);

        var command = new NpgsqlRowInserter().Commands(db, new NpgsqlConnection(), null, Layout(db), [Values(db), Values(db)]).Should().ContainSingle().Subject;

        command.CommandText.Should().Be(
            """INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp") SELECT * FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12);""");
        command.Parameters.Count.Should().Be(13, "one array per column, whatever the number of rows");
    }

    [Fact]
    public void On_other_providers_the_rows_are_one_multi_row_insert()
    {
        using var db = new LogDb(new DbContextOptionsBuilder<LogDb>().UseSqlite("Data Source=:memory:").UseVersioning().Options);

        var command = new RelationalRowInserter().Commands(db, new SqliteConnection(), null, Layout(db), [Values(db), Values(db)]).Should().ContainSingle().Subject;

        command.CommandText.Should().Be(
            """INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12), (@p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21, @p22, @p23, @p24, @p25);""");
    }

    private static RowLayout Layout(DbContext db) => ActivityLogTableMap.For(db).Layout;

    private static object?[] Values(DbContext db) => ActivityLogTableMap.For(db).ValuesOf(Row());

    private static ActivityLogEntry Row()
        => new() { Id = Guid.CreateVersion7(), Timestamp = DateTime.UtcNow, Action = "CREATE", EntityType = "Item", EntityId = "1", CorrelationId = "c" };

    private sealed class Item
    {
        public int Id { get; set; }
    }

    private sealed class LogDb(DbContextOptions<LogDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Item>().HasActivityLog();
    }
}
