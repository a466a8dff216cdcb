using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Migrations;

/// <summary>
/// Versioned schemas evolve through migrations generated in-process (<see cref="MigrationSteps"/>) and applied, Up and
/// Down, to a PostgreSQL database holding data; the outcome is read back from the database.
/// </summary>
public sealed class MigrationEvolutionPostgreSqlTest : IAsyncLifetime
{
    private MigrationSteps _steps = null!;

    private static readonly Action<ModelBuilder> Plain = b => b.Entity<Supplier>();

    public async Task InitializeAsync() => _steps = await MigrationSteps.CreateAsync();

    public async Task DisposeAsync() => await _steps.DisposeAsync();

    [Fact]
    public async Task Adding_the_audit_trail_to_a_table_with_rows_makes_each_row_its_current_revision_1()
    {
        Action<ModelBuilder> audited = b => b.Entity<Supplier>().HasAuditTrail();
        await _steps.MigrateAsync(null, Plain);
        await SeedAsync();

        await _steps.MigrateAsync(Plain, audited);

        await using (var db = _steps.Open(audited))
        {
            var suppliers = await db.Set<Supplier>().OrderBy(s => s.Code)
                .Select(s => new { s.Code, Revision = EF.Property<int>(s, "Revision"), IsCurrent = EF.Property<bool>(s, "IsCurrent") })
                .ToListAsync();
            suppliers.Should().Equal(new { Code = "A", Revision = 1, IsCurrent = true }, new { Code = "B", Revision = 1, IsCurrent = true });

            var a = await db.Set<Supplier>().SingleAsync(s => s.Code == "A");
            a.Name = "Acme Ltd";
            await db.SaveChangesAsync();
            db.Entry(a).Property<int>("Revision").CurrentValue.Should().Be(2, "the next revision follows the migrated one");
        }

        await _steps.MigrateAsync(audited, Plain);
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Supplier" """)).Should().Be(3L, "the past revision stays as an ordinary row without the audit trail");
    }

    [Fact]
    public async Task Adding_temporal_history_to_a_table_with_rows_makes_each_row_version_1_valid_from_the_migration()
    {
        Action<ModelBuilder> temporal = b => b.Entity<Supplier>().HasTemporalHistory();
        await _steps.MigrateAsync(null, Plain);
        await SeedAsync();
        var before = DateTime.UtcNow.AddSeconds(-5);

        await _steps.MigrateAsync(Plain, temporal);

        await using (var db = _steps.Open(temporal))
        {
            var suppliers = await db.Set<Supplier>()
                .Select(s => new { Version = EF.Property<int>(s, "Version"), ValidFrom = EF.Property<DateTime>(s, "ValidFrom") })
                .ToListAsync();
            suppliers.Should().HaveCount(2).And.OnlyContain(s => s.Version == 1 && s.ValidFrom >= before && s.ValidFrom <= DateTime.UtcNow);

            var a = await db.Set<Supplier>().SingleAsync(s => s.Code == "A");
            a.Name = "Acme Ltd";
            await db.SaveChangesAsync();
            (await db.Set<Supplier>().TemporalAll().CountAsync(s => s.Code == "A")).Should().Be(2);
        }

        await _steps.MigrateAsync(temporal, Plain);
        (await _steps.ScalarAsync("""SELECT "Name" FROM "Supplier" WHERE "Code" = 'A'""")).Should().Be("Acme Ltd");
    }

    [Fact]
    public async Task Adding_soft_delete_to_a_table_with_rows_leaves_them_not_deleted()
    {
        Action<ModelBuilder> soft = b => b.Entity<Supplier>().HasSoftDelete();
        await _steps.MigrateAsync(null, Plain);
        await SeedAsync();

        await _steps.MigrateAsync(Plain, soft);

        await using (var db = _steps.Open(soft))
        {
            (await db.Set<Supplier>().CountAsync()).Should().Be(2);
        }

        await _steps.MigrateAsync(soft, Plain);
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Supplier" """)).Should().Be(2L);
    }

    [Fact]
    public async Task Adding_tenancy_to_a_table_with_rows_hides_them_until_backfilled_and_goes_away_down()
    {
        Action<ModelBuilder> tenanted = b => b.Entity<Supplier>().HasTenant();
        await _steps.MigrateAsync(null, Plain);
        await SeedAsync();

        await _steps.MigrateAsync(Plain, tenanted);

        await using (var db = _steps.Open(tenanted))
        {
            using var acme = db.BeginTenantScope("acme");
            (await db.Set<Supplier>().CountAsync()).Should().Be(0, "rows of no tenant belong to nobody until the application assigns them");
            using (db.BeginTenantBypass("test: the backfill a migration's Sql() would do"))
            {
                (await db.Set<Supplier>().CountAsync()).Should().Be(2);
            }

            await _steps.ScalarAsync("""UPDATE "Supplier" SET "TenantId" = 'acme'""");
            (await db.Set<Supplier>().CountAsync()).Should().Be(2);
            db.Add(new Supplier { Code = "C", Name = "Cyan" });
            await db.SaveChangesAsync();
        }

        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Supplier" WHERE "TenantId" = 'acme'""")).Should().Be(3L);

        await _steps.MigrateAsync(tenanted, Plain);
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'Supplier' AND column_name = 'TenantId'""")).Should().Be(0L);
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Supplier" """)).Should().Be(3L);
    }

    [Fact]
    public async Task Tenant_row_level_security_comes_and_goes_with_migrations_run_from_their_operations()
    {
        Action<ModelBuilder> tenanted = b => b.Entity<Supplier>().HasTenant();
        Action<ModelBuilder> secured = b => b.Entity<Supplier>().HasTenant().HasTenantRowLevelSecurity();
        await _steps.MigrateAsync(null, Plain);
        await SeedAsync();

        _steps.Sql(Plain, secured).Should().Equal(
            """ALTER TABLE "Supplier" ADD "TenantId" text;""",
            """DROP FUNCTION IF EXISTS "versioning_capture_Supplier"() CASCADE;""",
            """DROP FUNCTION IF EXISTS "versioning_log_capture_Supplier"() CASCADE;""",
            """ALTER TABLE "Supplier" ENABLE ROW LEVEL SECURITY;""",
            """ALTER TABLE "Supplier" FORCE ROW LEVEL SECURITY;""",
            """CREATE POLICY versioning_tenant_isolation ON "Supplier" USING (current_setting('versioning.tenant_bypass', true) = 'on' OR "TenantId" = current_setting('versioning.tenant_id', true)) WITH CHECK (current_setting('versioning.tenant_bypass', true) = 'on' OR "TenantId" = current_setting('versioning.tenant_id', true));""");
        _steps.Sql(secured, Plain).Should().Equal(
            """DROP POLICY IF EXISTS versioning_tenant_isolation ON "Supplier";""",
            """ALTER TABLE "Supplier" NO FORCE ROW LEVEL SECURITY;""",
            """ALTER TABLE "Supplier" DISABLE ROW LEVEL SECURITY;""",
            """ALTER TABLE "Supplier" DROP COLUMN "TenantId";""",
            """DROP FUNCTION IF EXISTS "versioning_capture_Supplier"() CASCADE;""",
            """DROP FUNCTION IF EXISTS "versioning_log_capture_Supplier"() CASCADE;""");

        await _steps.MigrateWithoutModelAsync(Plain, secured);
        (await RowLevelSecurityAsync()).Should().Be("forced, 1 policy");
        await _steps.MigrateWithoutModelAsync(secured, tenanted);
        (await RowLevelSecurityAsync()).Should().Be("off, 0 policy");
        await _steps.MigrateWithoutModelAsync(tenanted, secured);
        (await RowLevelSecurityAsync()).Should().Be("forced, 1 policy");

        // Down: the policy goes before the column it reads.
        await _steps.MigrateWithoutModelAsync(secured, Plain);
        (await RowLevelSecurityAsync()).Should().Be("off, 0 policy");
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Supplier" """)).Should().Be(2L);
    }

    private async Task<object?> RowLevelSecurityAsync()
        => await _steps.ScalarAsync("""
            SELECT CASE WHEN relforcerowsecurity AND relrowsecurity THEN 'forced' WHEN relrowsecurity THEN 'on' ELSE 'off' END
                || ', ' || (SELECT COUNT(*) FROM pg_policies WHERE tablename = 'Supplier') || ' policy'
            FROM pg_class WHERE relname = 'Supplier'
            """);

    [Fact]
    public async Task An_application_unique_index_of_an_audit_trail_entity_can_be_changed_and_dropped_up_and_down()
    {
        Action<ModelBuilder> byCode = b => b.Entity<Supplier>(s => s.HasAuditTrail().HasIndex(x => x.Code).IsUnique());
        Action<ModelBuilder> byCodeAndName = b => b.Entity<Supplier>(s => s.HasAuditTrail().HasIndex(x => new { x.Code, x.Name }).IsUnique());
        Action<ModelBuilder> none = b => b.Entity<Supplier>().HasAuditTrail();
        await _steps.MigrateAsync(null, byCode);
        await SeedAsync(byCode);

        await _steps.MigrateAsync(byCode, byCodeAndName);
        await _steps.MigrateAsync(byCodeAndName, none);
        await _steps.MigrateAsync(none, byCodeAndName);
        await _steps.MigrateAsync(byCodeAndName, byCode);

        (await _steps.ScalarAsync("""SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'IX_Supplier_Code'"""))
            .Should().Be("""EXCLUDE USING btree ("Code" WITH =) WHERE (((NOT "IsDeleted") AND "IsCurrent")) DEFERRABLE INITIALLY DEFERRED""");
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM pg_constraint WHERE conname = 'IX_Supplier_Code_Name'""")).Should().Be(0L);
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Supplier" """)).Should().Be(2L);
    }

    [Fact]
    public async Task Renaming_a_temporal_table_renames_its_history_and_the_history_constraint()
    {
        Action<ModelBuilder> suppliers = b => b.Entity<Supplier>().HasTemporalHistory();
        Action<ModelBuilder> vendors = b => b.Entity<Supplier>().ToTable("Vendor").HasTemporalHistory();
        await _steps.MigrateAsync(null, suppliers);
        await SeedAsync(suppliers);

        await _steps.MigrateAsync(suppliers, vendors);

        (await _steps.ScalarAsync("""SELECT conrelid::regclass::text FROM pg_constraint WHERE conname = 'VendorHistory_no_overlap'""")).Should().Be("\"VendorHistory\"");
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM pg_constraint WHERE conname = 'SupplierHistory_no_overlap'""")).Should().Be(0L);
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Vendor" """)).Should().Be(2L);

        await _steps.MigrateAsync(vendors, suppliers);
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM pg_constraint WHERE conname = 'SupplierHistory_no_overlap'""")).Should().Be(1L);
    }

    [Fact]
    public async Task A_property_added_to_and_dropped_from_a_temporal_entity_changes_its_history_table_too()
    {
        Action<ModelBuilder> v1 = b => b.Entity<Supplier>(s => s.HasTemporalHistory().Ignore(x => x.Rating));
        Action<ModelBuilder> v2 = b => b.Entity<Supplier>().HasTemporalHistory();
        await _steps.MigrateAsync(null, v1);
        await SeedAsync(v1);

        await _steps.MigrateAsync(v1, v2);
        await using (var db = _steps.Open(v2))
        {
            var a = await db.Set<Supplier>().SingleAsync(s => s.Code == "A");
            a.Rating = 5;
            await db.SaveChangesAsync();
            a.Rating = 4;
            await db.SaveChangesAsync();
            (await db.Set<Supplier>().TemporalAll().Where(s => s.Code == "A").Select(s => s.Rating).ToListAsync()).Should().BeEquivalentTo(new int?[] { null, 5, 4 });
        }

        await _steps.MigrateAsync(v2, v1);
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "SupplierHistory" """)).Should().Be(2L);
    }

    [Theory]
    [InlineData("audit trail")]
    [InlineData("activity log")]
    [InlineData("soft delete")]
    [InlineData("temporal history")]
    public async Task A_property_can_be_added_renamed_and_dropped_on_a_versioned_entity_holding_data_up_and_down(string strategy)
    {
        Action<ModelBuilder> v1 = b => Use(b.Entity<Supplier>(), strategy).Ignore(x => x.Rating);
        Action<ModelBuilder> v2 = b => Use(b.Entity<Supplier>(), strategy);
        Action<ModelBuilder> v3 = b => Use(b.Entity<Supplier>(), strategy).Property(x => x.Rating).HasColumnName("Score");
        await _steps.MigrateAsync(null, v1);
        await SeedAsync(v1);

        await _steps.MigrateAsync(v1, v2);
        await using (var db = _steps.Open(v2))
        {
            (await db.Set<Supplier>().SingleAsync(s => s.Code == "A")).Rating = 5;
            await db.SaveChangesAsync();
        }

        await _steps.MigrateAsync(v2, v3);
        (await _steps.ScalarAsync("""SELECT MAX("Score") FROM "Supplier" """)).Should().Be(5, "the renamed column keeps its data");
        await _steps.MigrateAsync(v3, v2);
        await _steps.MigrateAsync(v2, v1);
        await using var check = _steps.Open(v1);
        (await check.Set<Supplier>().CountAsync()).Should().Be(2);
    }

    [Fact]
    public async Task An_application_unique_index_of_a_soft_deletable_entity_can_be_changed_and_dropped()
    {
        Action<ModelBuilder> byCode = b => b.Entity<Supplier>(s => s.HasSoftDelete().HasIndex(x => x.Code).IsUnique());
        Action<ModelBuilder> byName = b => b.Entity<Supplier>(s => s.HasSoftDelete().HasIndex(x => x.Name).IsUnique());
        Action<ModelBuilder> none = b => b.Entity<Supplier>().HasSoftDelete();
        await _steps.MigrateAsync(null, byCode);
        await SeedAsync(byCode);

        await _steps.MigrateAsync(byCode, byName);
        await _steps.MigrateAsync(byName, none);
        await _steps.MigrateAsync(none, byCode);

        (await _steps.ScalarAsync("""SELECT indexdef FROM pg_indexes WHERE indexname = 'IX_Supplier_Code'""")).Should().Be(
            """CREATE UNIQUE INDEX "IX_Supplier_Code" ON public."Supplier" USING btree ("Code") WHERE (NOT "IsDeleted")""");
    }

    [Fact]
    public async Task Removing_the_audit_trail_after_deleting_past_revisions_in_the_migration_keeps_the_unique_index()
    {
        Action<ModelBuilder> audited = b => b.Entity<Supplier>(s => s.HasAuditTrail().HasIndex(x => x.Code).IsUnique());
        Action<ModelBuilder> plain = b => b.Entity<Supplier>(s => s.HasIndex(x => x.Code).IsUnique());
        await _steps.MigrateAsync(null, audited);
        await SeedAsync(audited);
        await using (var db = _steps.Open(audited))
        {
            (await db.Set<Supplier>().SingleAsync(s => s.Code == "A")).Name = "Acme Ltd";
            await db.SaveChangesAsync();
        }

        // The documented step: past revisions go before the audit trail's columns and constraints.
        await _steps.ScalarAsync("""DELETE FROM "Supplier" WHERE NOT "IsCurrent" """);
        await _steps.MigrateAsync(audited, plain);

        (await _steps.ScalarAsync("""SELECT string_agg("Name", ',' ORDER BY "Code") FROM "Supplier" """)).Should().Be("Acme Ltd,Bolt");
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'IX_Supplier_Code'""")).Should().Be(1L);
    }

    [Fact]
    public async Task Adding_temporal_history_to_a_dependent_stops_the_database_cascade_into_it_up_and_down()
    {
        Action<ModelBuilder> plain = b => b.Entity<Supplier>().HasMany<Contract>().WithOne().HasForeignKey(c => c.SupplierId);
        Action<ModelBuilder> temporal = b =>
        {
            b.Entity<Supplier>().HasMany<Contract>().WithOne().HasForeignKey(c => c.SupplierId);
            b.Entity<Contract>().HasTemporalHistory();
        };
        await _steps.MigrateAsync(null, plain);
        await SeedAsync(plain);
        await _steps.ScalarAsync("""INSERT INTO "Contract" ("SupplierId", "Title") SELECT "Id", 'c' FROM "Supplier" """);

        await _steps.MigrateAsync(plain, temporal);

        // Raw SQL, as another application would: the database refuses to delete the contracts behind the history's back.
        var delete = () => _steps.ScalarAsync("""DELETE FROM "Supplier" WHERE "Code" = 'A'""");
        (await delete.Should().ThrowAsync<Npgsql.PostgresException>()).Which.SqlState.Should().Be("23503");
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Contract" """)).Should().Be(2L);

        await _steps.MigrateAsync(temporal, plain);
        await _steps.ScalarAsync("""DELETE FROM "Supplier" WHERE "Code" = 'A'""");
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Contract" """)).Should().Be(1L, "without the strategy the database cascades again");
    }

    public sealed class Contract
    {
        public int Id { get; set; }

        public int SupplierId { get; set; }

        public string Title { get; set; } = "";
    }

    private static Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Supplier> Use(
        Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Supplier> supplier, string strategy)
        => strategy switch
        {
            "audit trail" => supplier.HasAuditTrail(),
            "activity log" => supplier.HasActivityLog(),
            "soft delete" => supplier.HasSoftDelete(),
            _ => supplier.HasTemporalHistory(),
        };

    [Fact]
    public void The_statements_Versioning_writes_for_evolutions_are_exactly_these()
    {
        Action<ModelBuilder> audited = b => b.Entity<Supplier>(s => s.HasAuditTrail().HasIndex(x => x.Code).IsUnique());
        Action<ModelBuilder> auditedWithoutIndex = b => b.Entity<Supplier>().HasAuditTrail();
        Action<ModelBuilder> temporal = b => b.Entity<Supplier>().HasTemporalHistory();
        Action<ModelBuilder> renamed = b => b.Entity<Supplier>().ToTable("Vendor").HasTemporalHistory();

        using var scope = new FluentAssertions.Execution.AssertionScope();
        _steps.Sql(Plain, audited).Where(s => s.Contains("DEFAULT", StringComparison.Ordinal)).Should().Equal(
            """ALTER TABLE "Supplier" ADD "IsCurrent" boolean NOT NULL DEFAULT (TRUE);""",
            """ALTER TABLE "Supplier" ALTER COLUMN "IsCurrent" DROP DEFAULT;""",
            """ALTER TABLE "Supplier" ADD "IsDeleted" boolean NOT NULL DEFAULT FALSE;""",
            """ALTER TABLE "Supplier" ADD "Revision" integer NOT NULL DEFAULT (1);""",
            """ALTER TABLE "Supplier" ALTER COLUMN "Revision" DROP DEFAULT;""");
        _steps.Sql(audited, auditedWithoutIndex).Should().Equal(
            """
            ALTER TABLE "Supplier" DROP CONSTRAINT IF EXISTS "IX_Supplier_Code";
            DROP INDEX IF EXISTS "IX_Supplier_Code";
            """);
        _steps.Sql(Plain, temporal).Where(s => s.Contains("DEFAULT", StringComparison.Ordinal)).Should().Equal(
            """ALTER TABLE "Supplier" ADD "ValidFrom" timestamp with time zone NOT NULL DEFAULT (now());""",
            """ALTER TABLE "Supplier" ALTER COLUMN "ValidFrom" DROP DEFAULT;""",
            """ALTER TABLE "Supplier" ADD "Version" integer NOT NULL DEFAULT (1);""",
            """ALTER TABLE "Supplier" ALTER COLUMN "Version" DROP DEFAULT;""");
        _steps.Sql(temporal, renamed).Where(s => s.Contains("no_overlap", StringComparison.Ordinal)).Should().Equal(
            """ALTER TABLE "VendorHistory" RENAME CONSTRAINT "SupplierHistory_no_overlap" TO "VendorHistory_no_overlap";""");
    }

    [Fact]
    public void The_scaffolded_migration_shows_what_Versioning_adds_to_EFs_DDL()
    {
        Action<ModelBuilder> audited = b => b.Entity<Supplier>(s => s.HasAuditTrail().HasIndex(x => x.Code).IsUnique());
        Action<ModelBuilder> temporal = b => b.Entity<Supplier>().HasTemporalHistory();

        var auditing = _steps.ScaffoldedUp(Plain, audited);
        var fromScratch = _steps.ScaffoldedUp(null, temporal);

        auditing.Should().Contain("""name: "IsCurrent",""").And.Contain(""".Annotation("Versioning:ExistingRowsValue", "TRUE")""");
        auditing.Should().Contain(""".Annotation("Versioning:ExistingRowsValue", "1")""");
        auditing.Should().MatchRegex("""name: "IX_Supplier_Code",[^;]*unique: true[^;]*\.Annotation\("Versioning:DeferredConstraint", true\)""");
        fromScratch.Should().Contain(
            """.Annotation("Versioning:Constraint:SupplierHistory_no_overlap", "EXCLUDE USING gist (\"Id\" WITH =, tstzrange(\"ValidFrom\", \"ValidTo\") WITH &&)")""");
    }

    [Fact]
    public async Task A_migration_run_from_its_scaffolded_operations_needs_no_model()
    {
        Action<ModelBuilder> audited = b => b.Entity<Supplier>(s => s.HasAuditTrail().HasIndex(x => x.Code).IsUnique());
        await _steps.MigrateAsync(null, Plain);
        await SeedAsync();

        // A migration class's Up has only its operations (with their annotations), no target model.
        await _steps.MigrateWithoutModelAsync(Plain, audited);

        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Supplier" WHERE "IsCurrent" AND "Revision" = 1""")).Should().Be(2L);
        (await _steps.ScalarAsync("""SELECT condeferred FROM pg_constraint WHERE conname = 'IX_Supplier_Code'""")).Should().Be(true);

        Action<ModelBuilder> temporal = b => b.Entity<Supplier>().ToTable("Vendor").HasTemporalHistory();
        await _steps.MigrateWithoutModelAsync(null, temporal);
        (await _steps.ScalarAsync("""SELECT contype FROM pg_constraint WHERE conname = 'VendorHistory_no_overlap'""")).Should().Be('x');
    }

    [Fact]
    public async Task Database_capture_added_to_a_temporal_table_with_rows_captures_raw_writes_follows_its_columns_and_goes_away_down()
    {
        Action<ModelBuilder> temporal = b => b.Entity<Supplier>(s => s.HasTemporalHistory().Ignore(x => x.Rating));
        Action<ModelBuilder> captured = b => b.Entity<Supplier>(s => s.HasTemporalHistory().HasDatabaseCapture().Ignore(x => x.Rating));
        Action<ModelBuilder> rated = b => b.Entity<Supplier>(s => s.HasTemporalHistory().HasDatabaseCapture());
        await _steps.MigrateAsync(null, temporal);
        await SeedAsync(temporal);
        const string history = """SELECT COUNT(*) FROM "SupplierHistory" WHERE "Code" = 'A'""";

        _steps.ScaffoldedUp(temporal, captured).Should().Contain("Versioning:DatabaseCapture");
        await _steps.MigrateAsync(temporal, captured);
        await _steps.ScalarAsync("""UPDATE "Supplier" SET "Name" = 'Acme (raw)' WHERE "Code" = 'A'""");
        (await _steps.ScalarAsync(history)).Should().Be(1L, "the raw update was captured");
        (await _steps.ScalarAsync("""SELECT "Version" FROM "Supplier" WHERE "Code" = 'A'""")).Should().Be(2);

        // A column added to the captured table reaches its history through the re-created trigger function.
        await _steps.MigrateAsync(captured, rated);
        await _steps.ScalarAsync("""UPDATE "Supplier" SET "Rating" = 3 WHERE "Code" = 'A'""");
        await _steps.ScalarAsync("""UPDATE "Supplier" SET "Rating" = 4 WHERE "Code" = 'A'""");
        (await _steps.ScalarAsync("""SELECT "Rating" FROM "SupplierHistory" WHERE "Code" = 'A' AND "Version" = 3""")).Should().Be(3);

        await _steps.MigrateAsync(rated, captured);
        await _steps.MigrateAsync(captured, temporal);
        await _steps.ScalarAsync("""UPDATE "Supplier" SET "Name" = 'Acme (raw again)' WHERE "Code" = 'A'""");
        (await _steps.ScalarAsync(history)).Should().Be(3L, "Down removed the triggers");
        (await _steps.ScalarAsync("SELECT COUNT(*) FROM pg_proc WHERE proname LIKE 'versioning_capture%'")).Should().Be(0L);
    }

    [Fact]
    public async Task Database_capture_added_to_a_logged_table_with_rows_logs_raw_writes_follows_its_columns_and_goes_away_down()
    {
        Action<ModelBuilder> logged = b => b.Entity<Supplier>(s => s.HasActivityLog().Ignore(x => x.Rating));
        Action<ModelBuilder> captured = b => b.Entity<Supplier>(s => s.HasActivityLog().HasDatabaseCapture().Ignore(x => x.Rating));
        Action<ModelBuilder> rated = b => b.Entity<Supplier>(s => s.HasActivityLog().HasDatabaseCapture());
        await _steps.MigrateAsync(null, logged);
        await SeedAsync(logged);
        const string updates = """SELECT COUNT(*) FROM "ActivityLogs" WHERE "Action" = 'UPDATE'""";

        _steps.ScaffoldedUp(logged, captured).Should().Contain("Versioning:DatabaseCapture");
        await _steps.MigrateAsync(logged, captured);
        await _steps.ScalarAsync("""UPDATE "Supplier" SET "Name" = 'Acme (raw)' WHERE "Code" = 'A'""");
        (await _steps.ScalarAsync("""SELECT "OldValue" || ' -> ' || "NewValue" FROM "ActivityLogs" WHERE "Action" = 'UPDATE' AND "ChangedField" = 'Name'"""))
            .Should().Be("Acme -> Acme (raw)", "the raw update was logged");

        // A column added to the captured table is logged through the re-created trigger function.
        await _steps.MigrateAsync(captured, rated);
        await _steps.ScalarAsync("""UPDATE "Supplier" SET "Rating" = 3 WHERE "Code" = 'A'""");
        (await _steps.ScalarAsync("""SELECT "NewValue" FROM "ActivityLogs" WHERE "ChangedField" = 'Rating'""")).Should().Be("3");

        await _steps.MigrateAsync(rated, captured);
        await _steps.MigrateAsync(captured, logged);
        await _steps.ScalarAsync("""UPDATE "Supplier" SET "Name" = 'Acme (raw again)' WHERE "Code" = 'A'""");
        (await _steps.ScalarAsync(updates)).Should().Be(2L, "Down removed the triggers");
        (await _steps.ScalarAsync("SELECT COUNT(*) FROM pg_proc WHERE proname LIKE 'versioning_log_capture%'")).Should().Be(0L);
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "Supplier" """)).Should().Be(2L);
    }

    [Fact]
    public async Task Redacting_a_field_of_a_captured_logged_table_is_a_migration_after_which_raw_writes_log_the_mask()
    {
        Action<ModelBuilder> captured = b => b.Entity<Supplier>(s => s.HasActivityLog().HasDatabaseCapture().Ignore(x => x.Rating));
        Action<ModelBuilder> redacted = b => b.Entity<Supplier>(s => s.HasActivityLog(a => a.Redact(x => x.Name)).HasDatabaseCapture().Ignore(x => x.Rating));
        await _steps.MigrateAsync(null, captured);
        await SeedAsync(captured);

        _steps.ScaffoldedUp(captured, redacted).Should().Contain("Versioning:DatabaseCapture");
        await _steps.MigrateAsync(captured, redacted);
        await _steps.ScalarAsync("""UPDATE "Supplier" SET "Name" = 'Acme (secret)' WHERE "Code" = 'A'""");

        (await _steps.ScalarAsync("""SELECT "OldValue" || ' -> ' || "NewValue" FROM "ActivityLogs" WHERE "Action" = 'UPDATE' AND "ChangedField" = 'Name'"""))
            .Should().Be("*** -> ***", "the re-created trigger masks the field the model now redacts");
    }

    [Fact]
    public async Task Tenancy_added_to_a_captured_logged_table_is_a_migration_after_which_raw_writes_log_each_rows_own_tenant()
    {
        Action<ModelBuilder> captured = b => b.Entity<Supplier>(s => s.HasActivityLog().HasDatabaseCapture().Ignore(x => x.Rating));
        Action<ModelBuilder> tenanted = b => b.Entity<Supplier>(s => s.HasTenant().HasActivityLog().HasDatabaseCapture().Ignore(x => x.Rating));
        await _steps.MigrateAsync(null, captured);
        await SeedAsync(captured);
        const string rename = """SELECT set_config('versioning.tenant_id', 'other', false); UPDATE "Supplier" SET "Name" = "Name" || '!' WHERE "Code" = 'A'""";
        const string tenants = """SELECT string_agg(coalesce("TenantId", '-'), ', ' ORDER BY "NewValue") FROM "ActivityLogs" WHERE "ChangedField" = 'Name' AND "Action" = 'UPDATE'""";

        _steps.ScaffoldedUp(captured, tenanted).Should().Contain("for each row's tenant");
        await _steps.MigrateAsync(captured, tenanted);
        await _steps.ScalarAsync("""UPDATE "Supplier" SET "TenantId" = 'acme'""");
        await _steps.ScalarAsync(rename);
        (await _steps.ScalarAsync(tenants)).Should().Be("acme", "the re-created trigger logs the row's tenant, not the transaction's");

        await _steps.MigrateAsync(tenanted, captured);
        await _steps.ScalarAsync(rename);
        (await _steps.ScalarAsync(tenants)).Should().Be("acme, other", "down, the table has no tenant of its own again");
    }

    [Fact]
    public async Task A_captured_enum_field_carries_its_member_names_so_triggers_built_by_a_migration_log_the_names()
    {
        // The model a migration's designer file holds: the enum stored as a number is an int property there, with the
        // member names the real model gave it as an annotation (the snapshot writes property annotations as they are).
        Action<ModelBuilder> real = b => b.Entity<Parcel>(p => p.HasActivityLog().HasDatabaseCapture());
        var names = _steps.Model(real).FindEntityType(typeof(Parcel))!.FindProperty(nameof(Parcel.Status))![VersioningNpgsqlAnnotationNames.EnumNames];
        names.Should().Be("0=Sent;1=Delivered;7=Lost");
        _steps.ScaffoldedSnapshot(real).Should().Contain($".HasAnnotation(\"{VersioningNpgsqlAnnotationNames.EnumNames}\", \"0=Sent;1=Delivered;7=Lost\")");

        Action<ModelBuilder> asWritten = b => b.Entity<ParcelAsWritten>(p =>
        {
            p.ToTable(nameof(Parcel));
            p.HasActivityLog().HasDatabaseCapture();
            p.Property(x => x.Status).HasAnnotation(VersioningNpgsqlAnnotationNames.EnumNames, names);
        });
        await _steps.MigrateAsync(null, asWritten);
        await _steps.ScalarAsync("""INSERT INTO "Parcel" ("Code", "Status") VALUES ('P1', 0)""");
        await _steps.ScalarAsync("""UPDATE "Parcel" SET "Status" = 1 WHERE "Code" = 'P1'""");
        await _steps.ScalarAsync("""UPDATE "Parcel" SET "Status" = 9 WHERE "Code" = 'P1'""");

        (await _steps.ScalarAsync("""SELECT string_agg("OldValue" || ' -> ' || "NewValue", ', ' ORDER BY "OldValue") FROM "ActivityLogs" WHERE "ChangedField" = 'Status' AND "Action" = 'UPDATE'"""))
            .Should().Be("Delivered -> 9, Sent -> Delivered", "a raw write logs the member's name as SaveChanges does (the number when no member has it)");
        (await _steps.ScalarAsync("""SELECT "NewValue" FROM "ActivityLogs" WHERE "ChangedField" = 'Status' AND "Action" = 'CREATE'""")).Should().Be("Sent");
    }

    [Fact]
    public void An_enum_stored_as_text_by_a_converter_type_gets_no_member_names_and_its_trigger_logs_the_text()
    {
        Action<ModelBuilder> asText = b => b.Entity<Parcel>(p =>
        {
            p.HasActivityLog().HasDatabaseCapture();
            p.Property(x => x.Status).HasConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.EnumToStringConverter<ParcelStatus>>();
        });

        _steps.Model(asText).FindEntityType(typeof(Parcel))!.FindProperty(nameof(Parcel.Status))![VersioningNpgsqlAnnotationNames.EnumNames].Should().BeNull();
        _steps.Sql(null, asText).Should().Contain(s => s.Contains("versioning_log_capture", StringComparison.Ordinal))
            .And.NotContain(s => s.Contains("WHEN 0 THEN 'Sent'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_member_added_to_a_captured_enum_is_a_migration_that_re_creates_the_log_triggers()
    {
        Action<ModelBuilder> before = b => b.Entity<Parcel>(p => p.HasActivityLog().HasDatabaseCapture());
        Action<ModelBuilder> after = b => b.Entity<ParcelWithReturns>(p => p.ToTable(nameof(Parcel)).HasActivityLog().HasDatabaseCapture());

        _steps.ScaffoldedUp(before, after).Should().Contain("Versioning:DatabaseCapture").And.Contain("8=Returned");
        _steps.Sql(before, after).Should().Contain(s => s.Contains("WHEN 8 THEN 'Returned'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_log_capture_function_and_triggers_are_exact_SQL()
    {
        Action<ModelBuilder> captured = b => b.Entity<Supplier>(s => s.HasActivityLog(a => a.Track(x => x.Name, "RENAME")).HasDatabaseCapture());

        var capture = _steps.Commands(null, captured).Select(c => c.CommandText.ReplaceLineEndings("\n").Trim())
            .Where(c => c.Contains("versioning_log_capture", StringComparison.Ordinal));

        capture.Should().Equal(
            """
            CREATE OR REPLACE FUNCTION "versioning_log_capture_Supplier"() RETURNS trigger LANGUAGE plpgsql AS $versioning$
            BEGIN
                IF current_setting('versioning.writer', true) = 'on' OR starts_with(ltrim(current_query()), '/* versioning */') THEN
                    RETURN NULL;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    WITH s AS MATERIALIZED (SELECT substring(int8send((extract(epoch FROM statement_timestamp()) * 1000)::bigint) FROM 3) || set_byte(substring(r FROM 7 FOR 2), 0, (get_byte(r, 6) & 15) | 112) AS key_prefix, (('x' || encode(substring(r FROM 9), 'hex'))::bit(64)::bigint & 4611686018427387903) AS key_low, NULLIF(current_setting('versioning.actor', true), '') AS actor, NULLIF(current_setting('versioning.reason', true), '') AS reason, NULLIF(current_setting('versioning.correlation_id', true), '') AS correlation_id, NULLIF(current_setting('versioning.tenant_id', true), '') AS tenant_id FROM uuid_send(gen_random_uuid()) AS r)
                        INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "NewValue", "OldValue", "TenantId", "Timestamp")
                        SELECT encode(s.key_prefix || int8send((-9223372036854775807 - 1) + ((s.key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, 'CREATE', s.actor, c.field, s.correlation_id, s.reason, coalesce(n."Id"::text, ''), 'Supplier', c.new_value, NULL, s.tenant_id, now()
                        FROM s, versioning_new_rows AS n CROSS JOIN LATERAL (VALUES ('Code', n."Code"::text), ('Name', n."Name"::text), ('Rating', n."Rating"::text)) AS c(field, new_value);
                ELSIF TG_OP = 'UPDATE' THEN
                    WITH s AS MATERIALIZED (SELECT substring(int8send((extract(epoch FROM statement_timestamp()) * 1000)::bigint) FROM 3) || set_byte(substring(r FROM 7 FOR 2), 0, (get_byte(r, 6) & 15) | 112) AS key_prefix, (('x' || encode(substring(r FROM 9), 'hex'))::bit(64)::bigint & 4611686018427387903) AS key_low, NULLIF(current_setting('versioning.actor', true), '') AS actor, NULLIF(current_setting('versioning.reason', true), '') AS reason, NULLIF(current_setting('versioning.correlation_id', true), '') AS correlation_id, NULLIF(current_setting('versioning.tenant_id', true), '') AS tenant_id FROM uuid_send(gen_random_uuid()) AS r)
                        INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "NewValue", "OldValue", "TenantId", "Timestamp")
                        SELECT encode(s.key_prefix || int8send((-9223372036854775807 - 1) + ((s.key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, c.action, s.actor, c.field, s.correlation_id, s.reason, coalesce(n."Id"::text, ''), 'Supplier', c.new_value, c.old_value, s.tenant_id, now()
                        FROM s, versioning_old_rows AS o JOIN versioning_new_rows AS n ON o."Id" = n."Id"
                        CROSS JOIN LATERAL (VALUES ('UPDATE', 'Code', o."Code"::text, n."Code"::text, o."Code" IS DISTINCT FROM n."Code"), ('RENAME', 'Name', o."Name"::text, n."Name"::text, o."Name" IS DISTINCT FROM n."Name"), ('UPDATE', 'Rating', o."Rating"::text, n."Rating"::text, o."Rating" IS DISTINCT FROM n."Rating")) AS c(action, field, old_value, new_value, changed)
                        WHERE c.changed;
                ELSE
                    WITH s AS MATERIALIZED (SELECT substring(int8send((extract(epoch FROM statement_timestamp()) * 1000)::bigint) FROM 3) || set_byte(substring(r FROM 7 FOR 2), 0, (get_byte(r, 6) & 15) | 112) AS key_prefix, (('x' || encode(substring(r FROM 9), 'hex'))::bit(64)::bigint & 4611686018427387903) AS key_low, NULLIF(current_setting('versioning.actor', true), '') AS actor, NULLIF(current_setting('versioning.reason', true), '') AS reason, NULLIF(current_setting('versioning.correlation_id', true), '') AS correlation_id, NULLIF(current_setting('versioning.tenant_id', true), '') AS tenant_id FROM uuid_send(gen_random_uuid()) AS r)
                        INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "NewValue", "OldValue", "TenantId", "Timestamp")
                        SELECT encode(s.key_prefix || int8send((-9223372036854775807 - 1) + ((s.key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, 'DELETE', s.actor, NULL, s.correlation_id, s.reason, coalesce(o."Id"::text, ''), 'Supplier', NULL, NULL, s.tenant_id, now()
                        FROM s, versioning_old_rows AS o;
                END IF;
                RETURN NULL;
            END
            $versioning$;
            """,
            """DROP TRIGGER IF EXISTS versioning_log_capture_insert ON "Supplier";""",
            """CREATE TRIGGER versioning_log_capture_insert AFTER INSERT ON "Supplier" REFERENCING NEW TABLE AS versioning_new_rows FOR EACH STATEMENT EXECUTE FUNCTION "versioning_log_capture_Supplier"();""",
            """DROP TRIGGER IF EXISTS versioning_log_capture_update ON "Supplier";""",
            """CREATE TRIGGER versioning_log_capture_update AFTER UPDATE ON "Supplier" REFERENCING OLD TABLE AS versioning_old_rows NEW TABLE AS versioning_new_rows FOR EACH STATEMENT EXECUTE FUNCTION "versioning_log_capture_Supplier"();""",
            """DROP TRIGGER IF EXISTS versioning_log_capture_delete ON "Supplier";""",
            """CREATE TRIGGER versioning_log_capture_delete AFTER DELETE ON "Supplier" REFERENCING OLD TABLE AS versioning_old_rows FOR EACH STATEMENT EXECUTE FUNCTION "versioning_log_capture_Supplier"();""");
    }

    [Fact]
    public async Task Adding_change_events_to_a_table_with_rows_starts_their_streams_then_a_column_change_and_Down_keep_the_data()
    {
        Action<ModelBuilder> plain = b => b.Entity<Supplier>().Ignore(x => x.Rating);
        Action<ModelBuilder> events = b => b.Entity<Supplier>(s => s.HasChangeEvents().Ignore(x => x.Rating));
        Action<ModelBuilder> rated = b => b.Entity<Supplier>(s => s.HasChangeEvents());
        await _steps.MigrateAsync(null, plain);
        await SeedAsync(plain);

        await _steps.MigrateAsync(plain, events);
        (await _steps.ScalarAsync("""SELECT string_agg("StreamVersion"::text, ',') FROM "Supplier" """)).Should().Be("0,0", "no event yet");
        await using (var db = _steps.Open(events))
        {
            (await db.Set<Supplier>().SingleAsync(x => x.Code == "A")).Name = "Acme 2";
            await db.SaveChangesAsync();
        }

        (await _steps.ScalarAsync("""SELECT "StreamVersion" || ':' || "Kind" FROM "ChangeEvents" """)).Should().Be("1:Updated");
        await _steps.ScalarAsync("""INSERT INTO "ChangeEvents" ("Id", "StreamType", "StreamId", "StreamVersion", "Kind", "Timestamp", "Status", "Attempts", "NextAttemptAt") VALUES (gen_random_uuid(), 'x', 'y', 1, 'raw', now(), 0, 0, now())""");
        (await _steps.ScalarAsync("SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'versioning_notify'")).Should().Be(1L);

        await _steps.MigrateAsync(events, rated);
        await _steps.MigrateAsync(rated, events);
        (await _steps.ScalarAsync("""SELECT COUNT(*) FROM "ChangeEvents" """)).Should().Be(2L, "the outbox keeps its events through a change of the entity");

        await _steps.MigrateAsync(events, plain);
        (await _steps.ScalarAsync("""SELECT string_agg("Name", ',' ORDER BY "Code") FROM "Supplier" """)).Should().Be("Acme 2,Bolt");
        (await _steps.ScalarAsync("SELECT to_regclass('\"ChangeEvents\"') IS NULL")).Should().Be(true, "Down drops the outbox with the last entity that used it");
        (await _steps.ScalarAsync("SELECT COUNT(*) FROM pg_proc WHERE proname LIKE 'versioning_notify%'")).Should().Be(0L);
    }

    [Fact]
    public async Task A_history_made_before_authorship_gets_each_versions_author_and_deleter_up_and_its_old_meaning_back_down()
    {
        Action<ModelBuilder> temporal = b => b.Entity<Supplier>(s => s.HasTemporalHistory());
        await _steps.MigrateAsync(null, temporal);

        // The tables as an earlier version made them: no author on the entity, and a history whose ChangedBy is who
        // ended the period. Acme: versions 1 and 2 ended by bob and carol, version 3 current. Bolt: version 1 ended by
        // bob, version 2 deleted by dave.
        await _steps.ScalarAsync("""ALTER TABLE "Supplier" DROP COLUMN "ChangedBy"; ALTER TABLE "SupplierHistory" DROP COLUMN "RemovedBy";""");
        await _steps.ScalarAsync("""
            INSERT INTO "Supplier" ("Id", "Code", "Name", "ValidFrom", "Version") VALUES (1, 'A', 'Acme 3', '2026-01-03Z', 3);
            INSERT INTO "SupplierHistory" ("Id", "Code", "Name", "ValidFrom", "Version", "ValidTo", "ChangedBy") VALUES
                (1, 'A', 'Acme 1', '2026-01-01Z', 1, '2026-01-02Z', 'bob'),
                (1, 'A', 'Acme 2', '2026-01-02Z', 2, '2026-01-03Z', 'carol'),
                (2, 'B', 'Bolt 1', '2026-01-01Z', 1, '2026-01-02Z', 'bob'),
                (2, 'B', 'Bolt 2', '2026-01-02Z', 2, '2026-01-04Z', 'dave');
            """);
        var before = _steps.ModelAsWritten(b =>
        {
            b.Entity<Supplier>(s =>
            {
                s.HasAnnotation(VersioningAnnotationNames.TemporalHistory, true);
                s.Property<DateTime>("ValidFrom");
                s.Property<int>("Version");
            });
            b.SharedTypeEntity<Dictionary<string, object>>(typeof(Supplier).FullName + "$TemporalHistory", h =>
            {
                h.HasAnnotation(VersioningAnnotationNames.TemporalHistoryOf, typeof(Supplier).FullName);
                h.ToTable("SupplierHistory");
                h.IndexerProperty<int>("Id");
                h.IndexerProperty<string>("Code");
                h.IndexerProperty<string>("Name");
                h.IndexerProperty<int?>("Rating");
                h.IndexerProperty<DateTime>("ValidFrom");
                h.IndexerProperty<int>("Version");
                h.IndexerProperty<DateTime>("ValidTo");
                h.IndexerProperty<string?>("ChangedBy");
                h.HasKey("Id", "Version");
            });
        });

        // What the scaffolded migration holds: the two columns.
        var up = await _steps.ApplyAsync(
            [
                new AddColumnOperation { Table = "Supplier", Name = "ChangedBy", ClrType = typeof(string), ColumnType = "text", IsNullable = true },
                new AddColumnOperation { Table = "SupplierHistory", Name = "RemovedBy", ClrType = typeof(string), ColumnType = "text", IsNullable = true },
            ],
            _steps.Model(temporal));

        const string Authors = """
            SELECT string_agg(concat_ws(':', "Id", "Version", coalesce("ChangedBy", '?'), "RemovedBy"), ' ' ORDER BY "Id", "Version")
            FROM (SELECT "Id", "Version", "ChangedBy", "RemovedBy" FROM "SupplierHistory"
                  UNION ALL SELECT "Id", "Version", "ChangedBy", NULL FROM "Supplier") AS v
            """;
        (await _steps.ScalarAsync(Authors)).Should().Be("1:1:? 1:2:bob 1:3:carol 2:1:? 2:2:bob:dave", "each version names its author, the deleter apart");
        await using (var db = _steps.Open(temporal))
        {
            db.Set<Supplier>().History(1).Select(v => (v.Version, v.ChangedBy, v.RemovedBy)).Should().Equal((3, "carol", null), (2, "bob", null), (1, null, null));
            db.Set<Supplier>().History(2).Select(v => (v.Version, v.ChangedBy, v.RemovedBy)).Should().Equal((2, "bob", "dave"), (1, null, null));
        }

        var down = await _steps.ApplyAsync(
            [
                new DropColumnOperation { Table = "Supplier", Name = "ChangedBy" },
                new DropColumnOperation { Table = "SupplierHistory", Name = "RemovedBy" },
            ],
            before);

        (await _steps.ScalarAsync("""SELECT string_agg(concat_ws(':', "Id", "Version", "ChangedBy"), ' ' ORDER BY "Id", "Version") FROM "SupplierHistory" """))
            .Should().Be("1:1:bob 1:2:carol 2:1:bob 2:2:dave", "Down gives the history its old meaning back");
        up.Should().Equal(
            """
            ALTER TABLE "Supplier" ADD "ChangedBy" text;
            """,
            """
            ALTER TABLE "SupplierHistory" ADD "RemovedBy" text;
            """,
            """
            SET LOCAL versioning.writer = 'on';
            """,
            """
            UPDATE "SupplierHistory" AS h SET "RemovedBy" = h."ChangedBy" WHERE NOT EXISTS (SELECT 1 FROM "SupplierHistory" AS n WHERE n."Id" = h."Id" AND n."Version" = h."Version" + 1 AND n."ValidFrom" = h."ValidTo") AND NOT EXISTS (SELECT 1 FROM "Supplier" AS e WHERE e."Id" = h."Id" AND e."Version" = h."Version" + 1 AND e."ValidFrom" = h."ValidTo");
            """,
            """
            UPDATE "Supplier" AS e SET "ChangedBy" = h."ChangedBy" FROM "SupplierHistory" AS h WHERE e."Id" = h."Id" AND e."Version" = h."Version" + 1 AND e."ValidFrom" = h."ValidTo";
            """,
            """
            UPDATE "SupplierHistory" AS h SET "ChangedBy" = (SELECT p."ChangedBy" FROM "SupplierHistory" AS p WHERE h."Id" = p."Id" AND h."Version" = p."Version" + 1 AND h."ValidFrom" = p."ValidTo");
            """,
            """
            SET LOCAL versioning.writer = '';
            """);
        down.Should().Equal(
            """
            UPDATE "SupplierHistory" AS h SET "ChangedBy" = COALESCE((SELECT n."ChangedBy" FROM "SupplierHistory" AS n WHERE n."Id" = h."Id" AND n."Version" = h."Version" + 1 AND n."ValidFrom" = h."ValidTo"), (SELECT e."ChangedBy" FROM "Supplier" AS e WHERE e."Id" = h."Id" AND e."Version" = h."Version" + 1 AND e."ValidFrom" = h."ValidTo"), h."RemovedBy");
            """,
            """
            ALTER TABLE "Supplier" DROP COLUMN "ChangedBy";
            """,
            """
            ALTER TABLE "SupplierHistory" DROP COLUMN "RemovedBy";
            """);
    }

    [Fact]
    public void The_capture_function_and_triggers_are_exact_SQL()
    {
        Action<ModelBuilder> captured = b => b.Entity<Supplier>(s => s.HasTemporalHistory().HasDatabaseCapture());

        var capture = _steps.Commands(null, captured).Select(c => c.CommandText.ReplaceLineEndings("\n").Trim())
            .Where(c => c.Contains("versioning_capture", StringComparison.Ordinal));

        capture.Should().Equal(
            """
            CREATE OR REPLACE FUNCTION "versioning_capture_Supplier"() RETURNS trigger LANGUAGE plpgsql AS $versioning$
            BEGIN
                IF TG_LEVEL = 'STATEMENT' THEN
                    IF current_setting('versioning.captured', true) = 'on' THEN
                        PERFORM set_config('versioning.captured', '', true);
                        INSERT INTO "SupplierHistory" ("Id", "ChangedBy", "Code", "Name", "Rating", "ValidFrom", "Version", "ValidTo", "RemovedBy") SELECT o."Id", o."ChangedBy", o."Code", o."Name", o."Rating", o."ValidFrom", o."Version", GREATEST(now(), o."ValidFrom"), NULL
                        FROM versioning_old_rows AS o JOIN versioning_new_rows AS n ON o."Id" = n."Id"
                        WHERE n."Version" = o."Version" + 1 AND NOT EXISTS (SELECT 1 FROM "SupplierHistory" AS h WHERE h."Id" = o."Id" AND h."Version" = o."Version");
                    END IF;
                    RETURN NULL;
                ELSIF TG_OP = 'INSERT' THEN
                    IF NEW."Version" IS NULL THEN
                        NEW."Version" := COALESCE((SELECT max(h."Version") FROM "SupplierHistory" AS h WHERE h."Id" = NEW."Id"), 0) + 1;
                        NEW."ValidFrom" := COALESCE(NEW."ValidFrom", now());
                        NEW."ChangedBy" := COALESCE(NEW."ChangedBy", NULLIF(current_setting('versioning.actor', true), ''));
                    END IF;
                    RETURN NEW;
                ELSIF TG_OP = 'UPDATE' THEN
                    IF NEW."Version" IS NOT DISTINCT FROM OLD."Version" AND NEW IS DISTINCT FROM OLD
                        AND current_setting('versioning.writer', true) IS DISTINCT FROM 'on' THEN
                        NEW."ValidFrom" := GREATEST(now(), OLD."ValidFrom");
                        NEW."Version" := OLD."Version" + 1;
                        IF NEW."ChangedBy" IS NOT DISTINCT FROM OLD."ChangedBy" THEN
                            NEW."ChangedBy" := NULLIF(current_setting('versioning.actor', true), '');
                        END IF;
                        IF current_setting('versioning.captured', true) IS DISTINCT FROM 'on' THEN
                            PERFORM set_config('versioning.captured', 'on', true);
                        END IF;
                    END IF;
                    RETURN NEW;
                END IF;
                IF current_setting('versioning.writer', true) IS DISTINCT FROM 'on'
                    AND NOT EXISTS (SELECT 1 FROM "SupplierHistory" AS h WHERE h."Id" = OLD."Id" AND h."Version" = OLD."Version") THEN
                    INSERT INTO "SupplierHistory" ("Id", "ChangedBy", "Code", "Name", "Rating", "ValidFrom", "Version", "ValidTo", "RemovedBy") VALUES (OLD."Id", OLD."ChangedBy", OLD."Code", OLD."Name", OLD."Rating", OLD."ValidFrom", OLD."Version", GREATEST(now(), OLD."ValidFrom"), NULLIF(current_setting('versioning.actor', true), ''));
                END IF;
                RETURN NULL;
            END
            $versioning$;
            """,
            """DROP TRIGGER IF EXISTS versioning_capture ON "Supplier";""",
            """CREATE TRIGGER versioning_capture BEFORE INSERT OR UPDATE ON "Supplier" FOR EACH ROW EXECUTE FUNCTION "versioning_capture_Supplier"();""",
            """DROP TRIGGER IF EXISTS versioning_capture_history ON "Supplier";""",
            """CREATE TRIGGER versioning_capture_history AFTER UPDATE ON "Supplier" REFERENCING OLD TABLE AS versioning_old_rows NEW TABLE AS versioning_new_rows FOR EACH STATEMENT EXECUTE FUNCTION "versioning_capture_Supplier"();""",
            """DROP TRIGGER IF EXISTS versioning_capture_delete ON "Supplier";""",
            """CREATE CONSTRAINT TRIGGER versioning_capture_delete AFTER DELETE ON "Supplier" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "versioning_capture_Supplier"();""");
    }

    private async Task SeedAsync(Action<ModelBuilder>? model = null)
    {
        await using var db = _steps.Open(model ?? Plain);
        db.AddRange(new Supplier { Code = "A", Name = "Acme" }, new Supplier { Code = "B", Name = "Bolt" });
        await db.SaveChangesAsync();
    }

    public enum ParcelStatus
    {
        Sent,
        Delivered,
        Lost = 7,
    }

    public sealed class Parcel
    {
        public int Id { get; set; }

        public string Code { get; set; } = "";

        public ParcelStatus Status { get; set; }
    }

    public enum ParcelStatusWithReturns
    {
        Sent,
        Delivered,
        Lost = 7,
        Returned = 8,
    }

    public sealed class ParcelWithReturns
    {
        public int Id { get; set; }

        public string Code { get; set; } = "";

        public ParcelStatusWithReturns Status { get; set; }
    }

    /// <summary><see cref="Parcel"/> as a migration's designer file holds it: the enum stored as a number is an int.</summary>
    public sealed class ParcelAsWritten
    {
        public int Id { get; set; }

        public string Code { get; set; } = "";

        public int Status { get; set; }
    }

    public sealed class Supplier
    {
        public int Id { get; set; }

        public string Code { get; set; } = "";

        public string Name { get; set; } = "";

        public int? Rating { get; set; }
    }
}
