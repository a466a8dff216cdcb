using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.Tests.Sql;

/// <summary>
/// The DDL Versioning adds on PostgreSQL where EF's model cannot express it, asserted verbatim: the exclusion constraint
/// of a temporal history table, and the audit trail's unique indexes created as constraints checked at commit.
/// </summary>
public class MigrationsSqlTest
{
    [Fact]
    public void A_temporal_history_table_gets_an_exclusion_constraint_on_key_and_period()
    {
        var script = CreateScript();

        Statements(script, "EXCLUDE USING gist").Should().Equal(
            """ALTER TABLE "PageHistory" ADD CONSTRAINT "PageHistory_no_overlap" EXCLUDE USING gist ("Id" WITH =, tstzrange("ValidFrom", "ValidTo") WITH &&);""");
    }

    [Fact]
    public void The_audit_trails_unique_indexes_are_constraints_checked_at_commit()
    {
        var script = CreateScript();

        Statements(script, "DEFERRABLE").Should().Equal(
            """ALTER TABLE "Record" ADD CONSTRAINT "IX_Record_AuditFamilyId" EXCLUDE USING btree ("AuditFamilyId" WITH =) WHERE ("IsCurrent") DEFERRABLE INITIALLY DEFERRED;""",
            """ALTER TABLE "Record" ADD CONSTRAINT "IX_Record_AuditFamilyId_Revision" UNIQUE ("AuditFamilyId", "Revision") DEFERRABLE INITIALLY DEFERRED;""",
            """ALTER TABLE "Record" ADD CONSTRAINT "IX_Record_Code" EXCLUDE USING btree ("Code" WITH =) WHERE ((NOT "IsDeleted") AND "IsCurrent") DEFERRABLE INITIALLY DEFERRED;""");
    }

    [Fact]
    public void A_save_of_audit_trail_entities_checks_their_deferred_constraints_before_EF_accepts_it()
    {
        using var db = new DdlDb(new DbContextOptionsBuilder<DdlDb>().UseNpgsql("Host=localhost", n => n.UseVersioning()).Options);
        var entry = db.Add(new Record { Code = "R-1" });

        var check = Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail.DeferredConstraintCheck.For(
            [entry], db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>());

        Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail.DeferredConstraintCheck.Sql(Constraints(check!)).Should().Be(
            """SET CONSTRAINTS "IX_Record_AuditFamilyId", "IX_Record_AuditFamilyId_Revision", "IX_Record_Code" IMMEDIATE;"""
            + """SET CONSTRAINTS "IX_Record_AuditFamilyId", "IX_Record_AuditFamilyId_Revision", "IX_Record_Code" DEFERRED""");
    }

    private static string Constraints(Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail.DeferredConstraintCheck check)
        => check.Constraints;

    private static string CreateScript()
    {
        using var db = new DdlDb(new DbContextOptionsBuilder<DdlDb>().UseNpgsql("Host=localhost", n => n.UseVersioning()).Options);
        return db.Database.GenerateCreateScript().ReplaceLineEndings("\n");
    }

    private static List<string> Statements(string script, string containing)
        => [.. script.Split(";\n").Select(s => s.Trim() + ";").Where(s => s.Contains(containing, StringComparison.Ordinal))];

    private sealed class Page
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";
    }

    private sealed class Record
    {
        public int Id { get; set; }

        public string Code { get; set; } = "";
    }

    private sealed class DdlDb(DbContextOptions<DdlDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder
                .Entity<Page>(b => b.HasTemporalHistory(t => t.ToTable("PageHistory")))
                .Entity<Record>(b =>
                {
                    b.HasAuditTrail();
                    b.HasIndex(r => r.Code).IsUnique();
                });
    }
}
