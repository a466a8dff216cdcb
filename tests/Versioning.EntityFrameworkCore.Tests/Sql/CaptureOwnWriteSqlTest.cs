using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;

namespace Versioning.EntityFrameworkCore.Tests.Sql;

/// <summary>
/// A write of Versioning's own that capture triggers must leave alone (a purge's delete), asserted verbatim: the deferred
/// capture triggers of every schema run immediately around it, and the mark lasts for the statement only.
/// </summary>
public class CaptureOwnWriteSqlTest
{
    [Fact]
    public void An_own_write_runs_the_deferred_capture_triggers_immediately_and_is_marked_for_its_statement_only()
    {
        using var db = new CapturedDb();

        var sql = DatabaseTriggerSettings.AsOwnWrite("""DELETE FROM "Notes" AS n WHERE n."PurgeAt" <= @Value""", db.Model, db.GetService<ISqlGenerationHelper>());

        sql.Should().Be(
            """
            SET CONSTRAINTS versioning_capture_delete, ops.versioning_capture_delete IMMEDIATE;
            DO $versioning$BEGIN PERFORM set_config('versioning.writer', 'on', true); END$versioning$;
            DELETE FROM "Notes" AS n WHERE n."PurgeAt" <= @Value;
            DO $versioning$BEGIN PERFORM set_config('versioning.writer', '', true); END$versioning$;
            SET CONSTRAINTS versioning_capture_delete, ops.versioning_capture_delete DEFERRED
            """.ReplaceLineEndings("\n"));
    }

    private sealed class Note
    {
        public int Id { get; set; }
    }

    private sealed class Task
    {
        public int Id { get; set; }
    }

    private sealed class Log
    {
        public int Id { get; set; }
    }

    private sealed class CapturedDb : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
            => optionsBuilder.UseNpgsql("Host=unused", n => n.UseVersioning());

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Note>().HasTemporalHistory().HasDatabaseCapture();
            modelBuilder.Entity<Task>().ToTable("Tasks", "ops").HasTemporalHistory().HasDatabaseCapture();
            modelBuilder.Entity<Log>().HasActivityLog().HasDatabaseCapture();
        }
    }
}
