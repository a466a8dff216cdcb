using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Sql;

/// <summary>
/// Every statement Versioning builds by hand, asserted verbatim on PostgreSQL (as efcore.pg's AssertSql tests do): the
/// one-entity save with its history and log rows in one CTE, the conditional insert of a replacement, the unnest inserts,
/// the set-based updates, bulk revisions, each kind of temporal query, the soft-delete rewrite of ExecuteDelete and the
/// purges. An EF Core or Npgsql upgrade that changes any of them fails here, not in an application; on a failure the
/// message lists the statements as sent, to review and paste as the new baseline.
/// </summary>
public sealed class SqlSnapshotPostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private readonly SqlRecorder _sql = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddDbContext<SnapshotDb>(o => store.UseProvider(o).AddInterceptors(_sql))
            .AddVersioning(v => v.UseTimeProvider(_clock))
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<SnapshotDb>());
    }

    public async Task DisposeAsync()
    {
        if (_services != null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_one_entity_update_is_one_statement_with_its_history_and_log_rows()
    {
        var id = (await NewPagesAsync(1))[0];
        await using var db = Open();
        var page = await db.Pages.SingleAsync(p => p.Id == id);
        page.Title = "renamed";
        _sql.Clear();

        await db.SaveChangesAsync();

        AssertSql(
            """
            WITH versioning_written AS (UPDATE "Pages" SET "Title" = @p0, "Version" = @p1
            WHERE "Id" = @p2 AND "Version" = @p3 RETURNING 1), versioning_rows0 AS (INSERT INTO "PagesHistory" ("Id", "ChangedBy", "Title", "ValidFrom", "Version", "ValidTo", "RemovedBy") SELECT v.* FROM versioning_written, (VALUES (@v0, @v1, @v2, @v3, @v4, @v5, @v6)) AS v), versioning_rows1 AS (INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp") SELECT v.* FROM versioning_written, (VALUES (@v7, @v8, @v9, @v10, @v11, @v12, @v13, @v14, @v15, @v16, @v17, @v18, @v19)) AS v) SELECT * FROM versioning_written;
            """);
    }

    [Fact]
    public async Task A_one_entity_insert_is_EFs_insert_alone_while_its_log_row_waits_for_the_generated_key()
    {
        await using var db = Open();
        db.Pages.Add(new Page { Title = "new" });
        _sql.Clear();

        await db.SaveChangesAsync();

        AssertSql(
            """
            INSERT INTO "Pages" ("ChangedBy", "Title", "ValidFrom", "Version")
            VALUES (@p0, @p1, @p2, @p3)
            RETURNING "Id";
            """);
    }

    [Fact]
    public async Task A_replacement_is_one_statement_whose_insert_depends_on_the_update_of_the_old_row()
    {
        await using var db = Open();
        var email = new Email { Address = "old@example.com" };
        db.Emails.Add(email);
        await db.SaveChangesAsync();
        email.Address = "new@example.com";
        _sql.Clear();

        await db.SaveChangesAsync();

        AssertSql(
            """
            WITH versioning_replaced AS (UPDATE "Emails" SET "DeletedAt" = @v0, "DeletedReason" = @v1, "IsDeleted" = @v2 WHERE "Id" = @v3 AND "IsDeleted" = @v4 RETURNING 1)
            INSERT INTO "Emails" ("Address", "DeletedAt", "DeletedBy", "DeletedReason", "ReplacesId")
            SELECT @p0, @p1, @p2, @p3, @p4 WHERE EXISTS (SELECT 1 FROM versioning_replaced)
            RETURNING "Id", "IsDeleted";
            """);
    }

    [Fact]
    public async Task Updates_of_many_rows_are_EFs_first_update_then_one_unnest_insert_per_table_and_one_set_based_update()
    {
        var ids = await NewPagesAsync(12);
        await using var db = Open();
        foreach (var page in await db.Pages.Where(p => ids.Contains(p.Id)).ToListAsync())
        {
            page.Title = "bulk " + page.Id;
        }

        _sql.Clear();
        await db.SaveChangesAsync();

        AssertSql(
            """
            UPDATE "Pages" SET "Title" = @p0, "Version" = @p1
            WHERE "Id" = @p2 AND "Version" = @p3;
            INSERT INTO "PagesHistory" ("Id", "ChangedBy", "Title", "ValidFrom", "Version", "ValidTo", "RemovedBy") SELECT * FROM unnest(@v0, @v1, @v2, @v3, @v4, @v5, @v6);
            INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp") SELECT * FROM unnest(@v7, @v8, @v9, @v10, @v11, @v12, @v13, @v14, @v15, @v16, @v17, @v18, @v19);
            UPDATE "Pages" AS versioning_t SET "Title" = v.c1, "Version" = @v22 FROM unnest(@v20, @v21) AS v(k, c1) WHERE versioning_t."Id" = v.k AND versioning_t."Version" = @v23;
            """);
    }

    [Fact]
    public async Task Many_new_revisions_take_their_keys_in_one_query_then_are_one_unnest_insert_and_one_set_based_retirement()
    {
        await using var db = Open();
        var records = Enumerable.Range(0, 12).Select(i => new Record { Name = "r" + i }).ToList();
        db.Records.AddRange(records);
        await db.SaveChangesAsync();
        records.ForEach(r => r.Name += " v2");
        _sql.Clear();

        await db.SaveChangesAsync();

        AssertSql(
            """
            SELECT nextval(pg_get_serial_sequence(@p0, @p1)) AS "Value" FROM generate_series(1, @p2)
            """,
            """
            WITH versioning_replaced AS (UPDATE "Records" SET "IsCurrent" = @v0 WHERE "Id" = @v1 AND "IsCurrent" = @v2 RETURNING 1)
            INSERT INTO "Records" ("DeletedAt", "DeletedBy", "DeletedReason", "IsCurrent", "ModifiedBy", "Name", "Revision", "RootId")
            SELECT @p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7 WHERE EXISTS (SELECT 1 FROM versioning_replaced)
            RETURNING "Id", "AuditFamilyId", "IsDeleted";
            INSERT INTO "Records" ("Id", "DeletedAt", "DeletedBy", "DeletedReason", "IsCurrent", "IsDeleted", "ModifiedBy", "Name", "Revision", "RootId") SELECT * FROM unnest(@v3, @v4, @v5, @v6, @v7, @v8, @v9, @v10, @v11, @v12);
            UPDATE "Records" AS versioning_t SET "IsCurrent" = @v14 WHERE versioning_t."Id" = ANY (@v13) AND versioning_t."IsCurrent" = @v15;
            """);
    }

    [Fact]
    public async Task Each_kind_of_temporal_query_reads_both_tables_filtered_by_the_period()
    {
        var id = (await NewPagesAsync(1))[0];
        var (from, to) = (_clock.GetUtcNow().UtcDateTime.AddDays(-1), _clock.GetUtcNow().UtcDateTime.AddDays(1));
        await using var db = Open();
        _sql.Clear();

        await db.Pages.TemporalAsOf(to).Where(p => p.Id == id).ToListAsync();
        await db.Pages.TemporalAll().Where(p => p.Id == id).ToListAsync();
        await db.Pages.TemporalFromTo(from, to).Where(p => p.Id == id).ToListAsync();
        await db.Pages.TemporalBetween(from, to).Where(p => p.Id == id).ToListAsync();
        await db.Pages.TemporalContainedIn(from, to).Where(p => p.Id == id).ToListAsync();
        await db.Pages.TemporalContainedIn(from, DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)).Where(p => p.Id == id).ToListAsync();

        AssertSql(
            """
            -- Versioning: temporal query

            SELECT v."Id", v."ChangedBy", v."Title", v."ValidFrom", v."Version"
            FROM (
                SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "Pages" AS c WHERE c."ValidFrom" <= @p0 UNION ALL SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "PagesHistory" AS c WHERE c."ValidFrom" <= @p0 AND c."ValidTo" > @p0
            ) AS v
            WHERE v."Id" = @id
            """,
            """
            -- Versioning: temporal query

            SELECT v."Id", v."ChangedBy", v."Title", v."ValidFrom", v."Version"
            FROM (
                SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "Pages" AS c UNION ALL SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "PagesHistory" AS c
            ) AS v
            WHERE v."Id" = @id
            """,
            """
            -- Versioning: temporal query

            SELECT v."Id", v."ChangedBy", v."Title", v."ValidFrom", v."Version"
            FROM (
                SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "Pages" AS c WHERE c."ValidFrom" < @p1 UNION ALL SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "PagesHistory" AS c WHERE c."ValidFrom" < @p1 AND c."ValidTo" > @p0
            ) AS v
            WHERE v."Id" = @id
            """,
            """
            -- Versioning: temporal query

            SELECT v."Id", v."ChangedBy", v."Title", v."ValidFrom", v."Version"
            FROM (
                SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "Pages" AS c WHERE c."ValidFrom" <= @p1 UNION ALL SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "PagesHistory" AS c WHERE c."ValidFrom" <= @p1 AND c."ValidTo" > @p0
            ) AS v
            WHERE v."Id" = @id
            """,
            """
            -- Versioning: temporal query

            SELECT v."Id", v."ChangedBy", v."Title", v."ValidFrom", v."Version"
            FROM (
                SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "Pages" AS c WHERE 1 = 0 UNION ALL SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "PagesHistory" AS c WHERE c."ValidFrom" >= @p0 AND c."ValidTo" <= @p1
            ) AS v
            WHERE v."Id" = @id
            """,
            """
            -- Versioning: temporal query

            SELECT v."Id", v."ChangedBy", v."Title", v."ValidFrom", v."Version"
            FROM (
                SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "Pages" AS c WHERE c."ValidFrom" >= @p0 UNION ALL SELECT c."Id", c."ChangedBy", c."Title", c."ValidFrom", c."Version" FROM "PagesHistory" AS c WHERE c."ValidFrom" >= @p0 AND c."ValidTo" <= @p1
            ) AS v
            WHERE v."Id" = @id
            """);
    }

    [Fact]
    public async Task ExecuteDelete_on_a_soft_deletable_set_is_an_update_of_the_flags()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Contacts.Where(c => c.Name == "nobody").ExecuteDeleteAsync();

        AssertSql(
            """
            UPDATE "Contacts" AS c
            SET "IsDeleted" = @p,
                "DeletedAt" = @At,
                "DeletedBy" = NULL,
                "DeletedReason" = NULL,
                "PurgeAt" = @PurgeAt
            WHERE NOT (c."IsDeleted") AND c."Name" = 'nobody'
            """);
    }

    [Fact]
    public async Task ExecuteDelete_ignoring_query_filters_still_updates_only_rows_not_deleted_yet()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Contacts.IgnoreQueryFilters().Where(c => c.Name == "nobody").ExecuteDeleteAsync();

        AssertSql(
            """
            UPDATE "Contacts" AS c
            SET "IsDeleted" = @p,
                "DeletedAt" = @At,
                "DeletedBy" = NULL,
                "DeletedReason" = NULL,
                "PurgeAt" = @PurgeAt
            WHERE c."Name" = 'nobody' AND NOT (c."IsDeleted")
            """);
    }

    [Fact]
    public async Task ExecuteUpdate_on_a_temporal_and_logged_set_locks_the_old_rows_and_writes_history_and_log_rows_in_the_statement()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Pages.Where(p => p.Title == "nobody").ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, p => p.Title + "!"));

        AssertSql(
            """
            WITH versioning_old AS MATERIALIZED (
                SELECT p.* FROM "Pages" AS p
                WHERE p."Title" = 'nobody'
                FOR NO KEY UPDATE OF p
            ), versioning_rows AS (
                UPDATE "Pages" AS p
                SET "Title" = p."Title" || '!',
                "ValidFrom" = CASE
                    WHEN p."ValidFrom" > @At THEN p."ValidFrom"
                    ELSE @At
                END,
                "Version" = p."Version" + 1,
                "ChangedBy" = NULL
                FROM versioning_old AS versioning_o
                WHERE p."Id" = versioning_o."Id" AND (p."Title" = 'nobody')
                RETURNING p.*, versioning_o."Id" AS versioning_old_0, versioning_o."ChangedBy" AS versioning_old_1, versioning_o."Title" AS versioning_old_2, versioning_o."ValidFrom" AS versioning_old_3, versioning_o."Version" AS versioning_old_4
            ),
            versioning_history AS (
                INSERT INTO "PagesHistory" ("Id", "ChangedBy", "Title", "ValidFrom", "Version", "ValidTo", "RemovedBy")
                SELECT r.versioning_old_0, r.versioning_old_1, r.versioning_old_2, r.versioning_old_3, r.versioning_old_4, GREATEST(@versioning_history_at, r.versioning_old_3), NULL
                FROM versioning_rows AS r),
            versioning_log AS (
                INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp")
                SELECT encode(@versioning_log_key_prefix || int8send((-9223372036854775807 - 1) + ((@versioning_log_key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, c.action, @versioning_log_actor, c.field, @versioning_log_correlation, @versioning_log_details, coalesce(r."Id"::text, ''), 'Page', @versioning_log_metadata, c.new_value, c.old_value, @versioning_log_tenant, @versioning_log_at
                FROM versioning_rows AS r
                CROSS JOIN LATERAL (VALUES ('UPDATE', 'Title', r.versioning_old_2::text, r."Title"::text, r.versioning_old_2 IS DISTINCT FROM r."Title")) AS c(action, field, old_value, new_value, changed)
                WHERE c.changed)
            SELECT count(*) FROM versioning_rows
            """);
    }

    [Fact]
    public async Task A_one_entity_revision_of_a_logged_audit_trail_is_one_statement_with_its_log_rows()
    {
        await using var db = Open();
        var minute = new Minute { Text = "draft" };
        db.Minutes.Add(minute);
        await db.SaveChangesAsync();
        minute.Text = "final";
        _sql.Clear();

        await db.SaveChangesAsync();

        AssertSql(
            """
            WITH versioning_replaced AS (UPDATE "Minutes" SET "IsCurrent" = @v0 WHERE "Id" = @v1 AND "IsCurrent" = @v2 RETURNING 1), versioning_written AS (INSERT INTO "Minutes" ("DeletedAt", "DeletedBy", "DeletedReason", "IsCurrent", "ModifiedBy", "Revision", "RootId", "Text")
            SELECT @p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7 WHERE EXISTS (SELECT 1 FROM versioning_replaced)
            RETURNING "Id", "AuditFamilyId", "IsDeleted"), versioning_rows0 AS (INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp") SELECT v.* FROM versioning_written, (VALUES (@v3, @v4, @v5, @v6, @v7, @v8, @v9, @v10, @v11, @v12, @v13, @v14, @v15)) AS v) SELECT * FROM versioning_written;
            """);
    }

    [Fact]
    public async Task ExecuteUpdate_over_a_join_locks_the_rows_its_join_reaches_and_writes_their_history_and_log()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Pages.Where(p => p.Title == "nobody")
            .Join(db.Pages, p => p.Id, o => o.Id, (p, o) => new { Page = p, Other = o })
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Page.Title, x => x.Other.Title + "!"));

        AssertSql(
            """
            WITH versioning_old AS MATERIALIZED (
                SELECT p.* FROM "Pages" AS p
                WHERE EXISTS (SELECT 1 FROM "Pages" AS p0 WHERE p."Id" = p0."Id" AND p."Title" = 'nobody')
                FOR NO KEY UPDATE OF p
            ), versioning_rows AS (
                UPDATE "Pages" AS p
                SET "Title" = p0."Title" || '!',
                "ValidFrom" = CASE
                    WHEN p."ValidFrom" > @At THEN p."ValidFrom"
                    ELSE @At
                END,
                "Version" = p."Version" + 1,
                "ChangedBy" = NULL
                FROM versioning_old AS versioning_o, "Pages" AS p0
                WHERE p."Id" = versioning_o."Id" AND (p."Id" = p0."Id" AND p."Title" = 'nobody')
                RETURNING p.*, versioning_o."Id" AS versioning_old_0, versioning_o."ChangedBy" AS versioning_old_1, versioning_o."Title" AS versioning_old_2, versioning_o."ValidFrom" AS versioning_old_3, versioning_o."Version" AS versioning_old_4
            ),
            versioning_history AS (
                INSERT INTO "PagesHistory" ("Id", "ChangedBy", "Title", "ValidFrom", "Version", "ValidTo", "RemovedBy")
                SELECT r.versioning_old_0, r.versioning_old_1, r.versioning_old_2, r.versioning_old_3, r.versioning_old_4, GREATEST(@versioning_history_at, r.versioning_old_3), NULL
                FROM versioning_rows AS r),
            versioning_log AS (
                INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp")
                SELECT encode(@versioning_log_key_prefix || int8send((-9223372036854775807 - 1) + ((@versioning_log_key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, c.action, @versioning_log_actor, c.field, @versioning_log_correlation, @versioning_log_details, coalesce(r."Id"::text, ''), 'Page', @versioning_log_metadata, c.new_value, c.old_value, @versioning_log_tenant, @versioning_log_at
                FROM versioning_rows AS r
                CROSS JOIN LATERAL (VALUES ('UPDATE', 'Title', r.versioning_old_2::text, r."Title"::text, r.versioning_old_2 IS DISTINCT FROM r."Title")) AS c(action, field, old_value, new_value, changed)
                WHERE c.changed)
            SELECT count(*) FROM versioning_rows
            """);
    }

    [Fact]
    public async Task ExecuteUpdate_of_a_table_with_an_xmin_token_selects_the_system_column_by_name_and_writes_it_to_history_as_text()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Tickets.Where(t => t.Subject == "nobody").ExecuteUpdateAsync(s => s.SetProperty(t => t.Subject, "closed"));

        AssertSql(
            """
            WITH versioning_old AS MATERIALIZED (
                SELECT t.*, t.xmin FROM "Tickets" AS t
                WHERE t."Subject" = 'nobody'
                FOR NO KEY UPDATE OF t
            ), versioning_rows AS (
                UPDATE "Tickets" AS t
                SET "Subject" = @p,
                "ValidFrom" = CASE
                    WHEN t."ValidFrom" > @At THEN t."ValidFrom"
                    ELSE @At
                END,
                "Version" = t."Version" + 1,
                "ChangedBy" = NULL
                FROM versioning_old AS versioning_o
                WHERE t."Id" = versioning_o."Id" AND (t."Subject" = 'nobody')
                RETURNING t.*, versioning_o."Id" AS versioning_old_0, versioning_o."ChangedBy" AS versioning_old_1, versioning_o.xmin AS versioning_old_2, versioning_o."Subject" AS versioning_old_3, versioning_o."ValidFrom" AS versioning_old_4, versioning_o."Version" AS versioning_old_5
            ),
            versioning_history AS (
                INSERT INTO "TicketsHistory" ("Id", "ChangedBy", "RowVersion", "Subject", "ValidFrom", "Version", "ValidTo", "RemovedBy")
                SELECT r.versioning_old_0, r.versioning_old_1, r.versioning_old_2::text::bigint, r.versioning_old_3, r.versioning_old_4, r.versioning_old_5, GREATEST(@versioning_history_at, r.versioning_old_4), NULL
                FROM versioning_rows AS r)
            SELECT count(*) FROM versioning_rows
            """);
    }

    [Fact]
    public async Task A_temporal_query_of_a_table_with_an_xmin_token_reads_the_history_value_back_as_an_xid()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Tickets.TemporalAll().Where(t => t.Id == 0).ToListAsync();

        AssertSql(
            """
            -- Versioning: temporal query

            SELECT v."Id", v."ChangedBy", v.xmin, v."Subject", v."ValidFrom", v."Version"
            FROM (
                SELECT c."Id", c."ChangedBy", c.xmin, c."Subject", c."ValidFrom", c."Version" FROM "Tickets" AS c UNION ALL SELECT c."Id", c."ChangedBy", CAST(CAST(c."RowVersion" AS text) AS xid) AS xmin, c."Subject", c."ValidFrom", c."Version" FROM "TicketsHistory" AS c
            ) AS v
            WHERE v."Id" = 0
            """);
    }

    [Fact]
    public async Task ExecuteUpdate_on_a_logged_audit_trail_retires_the_current_revisions_and_inserts_new_ones_with_their_log_in_one_statement()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Minutes.Where(m => m.Text == "nobody").ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, m => m.Text + "!"));

        AssertSql(
            """
            WITH versioning_old AS MATERIALIZED (
                SELECT m.* FROM "Minutes" AS m
                WHERE m."IsCurrent" AND NOT (m."IsDeleted") AND m."Text" = 'nobody' AND m."IsCurrent"
                FOR NO KEY UPDATE OF m
            ), versioning_retired AS (
                UPDATE "Minutes" AS m
                SET "IsCurrent" = FALSE
                WHERE m."Id" = ANY (ARRAY(SELECT versioning_o."Id" FROM versioning_old AS versioning_o))
                RETURNING 1
            ), versioning_rows AS MATERIALIZED (
                SELECT nextval((SELECT pg_get_serial_sequence('"Minutes"', 'Id')))::integer AS "Id", m."AuditFamilyId", m."DeletedAt", m."DeletedBy", m."DeletedReason", TRUE AS "IsCurrent", m."IsDeleted", @versioning_revision_by AS "ModifiedBy", m."Revision" + 1 AS "Revision", COALESCE(m."RootId", m."Id") AS "RootId", (m."Text" || '!')::text AS "Text", m."Id" AS versioning_old_0, m."AuditFamilyId" AS versioning_old_1, m."DeletedAt" AS versioning_old_2, m."DeletedBy" AS versioning_old_3, m."DeletedReason" AS versioning_old_4, m."IsCurrent" AS versioning_old_5, m."IsDeleted" AS versioning_old_6, m."ModifiedBy" AS versioning_old_7, m."Revision" AS versioning_old_8, m."RootId" AS versioning_old_9, m."Text" AS versioning_old_10
                FROM versioning_old AS m, (SELECT count(*) FROM versioning_retired) AS versioning_r
            ), versioning_inserted AS (
                INSERT INTO "Minutes" ("Id", "DeletedAt", "DeletedBy", "DeletedReason", "IsCurrent", "IsDeleted", "ModifiedBy", "Revision", "RootId", "Text") OVERRIDING SYSTEM VALUE
                SELECT "Id", "DeletedAt", "DeletedBy", "DeletedReason", "IsCurrent", "IsDeleted", "ModifiedBy", "Revision", "RootId", "Text" FROM versioning_rows),
            versioning_log AS (
                INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp")
                SELECT encode(@versioning_log_key_prefix || int8send((-9223372036854775807 - 1) + ((@versioning_log_key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, c.action, @versioning_log_actor, c.field, @versioning_log_correlation, 'revision ' || r."Revision"::text, coalesce(r."RootId"::text, r."Id"::text, ''), 'Minute', @versioning_log_metadata, c.new_value, c.old_value, @versioning_log_tenant, @versioning_log_at
                FROM versioning_rows AS r
                CROSS JOIN LATERAL (VALUES ('UPDATE', 'Text', r.versioning_old_10::text, r."Text"::text, r.versioning_old_10 IS DISTINCT FROM r."Text")) AS c(action, field, old_value, new_value, changed)
                WHERE c.changed)
            SELECT count(*) FROM versioning_rows
            """);
    }

    [Fact]
    public async Task ExecuteUpdate_on_a_replace_on_update_set_flags_the_old_rows_and_inserts_the_new_records_in_one_statement()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Emails.Where(e => e.Address == "nobody").ExecuteUpdateAsync(s => s.SetProperty(e => e.Address, "x@example.com"));

        AssertSql(
            """
            WITH versioning_old AS MATERIALIZED (
                SELECT e.* FROM "Emails" AS e
                WHERE NOT (e."IsDeleted") AND e."Address" = 'nobody' AND NOT (e."IsDeleted")
                FOR NO KEY UPDATE OF e
            ), versioning_retired AS (
                UPDATE "Emails" AS e
                SET "IsDeleted" = TRUE, "DeletedAt" = @versioning_deleted_at, "DeletedBy" = @versioning_deleted_by, "DeletedReason" = @versioning_deleted_reason
                WHERE e."Id" = ANY (ARRAY(SELECT versioning_o."Id" FROM versioning_old AS versioning_o))
                RETURNING 1
            ), versioning_rows AS MATERIALIZED (
                SELECT nextval((SELECT pg_get_serial_sequence('"Emails"', 'Id')))::integer AS "Id", (@p)::text AS "Address", e."DeletedAt", e."DeletedBy", e."DeletedReason", e."IsDeleted", e."Id" AS "ReplacesId", e."Id" AS versioning_old_0, e."Address" AS versioning_old_1, e."DeletedAt" AS versioning_old_2, e."DeletedBy" AS versioning_old_3, e."DeletedReason" AS versioning_old_4, e."IsDeleted" AS versioning_old_5, e."ReplacesId" AS versioning_old_6
                FROM versioning_old AS e, (SELECT count(*) FROM versioning_retired) AS versioning_r
            ), versioning_inserted AS (
                INSERT INTO "Emails" ("Id", "Address", "DeletedAt", "DeletedBy", "DeletedReason", "IsDeleted", "ReplacesId") OVERRIDING SYSTEM VALUE
                SELECT "Id", "Address", "DeletedAt", "DeletedBy", "DeletedReason", "IsDeleted", "ReplacesId" FROM versioning_rows)
            SELECT count(*) FROM versioning_rows
            """);
    }

    [Fact]
    public async Task ExecuteDelete_on_a_logged_audit_trail_logs_each_family_with_its_current_revision()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Minutes.Where(m => m.Text == "nobody").ExecuteDeleteAsync();

        AssertSql(
            """
            WITH versioning_old AS MATERIALIZED (
                SELECT m.* FROM "Minutes" AS m
                WHERE m."IsCurrent" AND NOT (m."IsDeleted") AND m."Text" = 'nobody' AND m."IsCurrent"
                FOR NO KEY UPDATE OF m
            ), versioning_rows AS (
                UPDATE "Minutes" AS m
                SET "IsDeleted" = @p,
                "DeletedAt" = @At,
                "DeletedBy" = NULL,
                "DeletedReason" = NULL
                FROM versioning_old AS versioning_o
                WHERE m."Id" = versioning_o."Id" AND (m."IsCurrent" AND NOT (m."IsDeleted") AND m."Text" = 'nobody' AND m."IsCurrent")
                RETURNING m.*, versioning_o."Id" AS versioning_old_0, versioning_o."AuditFamilyId" AS versioning_old_1, versioning_o."DeletedAt" AS versioning_old_2, versioning_o."DeletedBy" AS versioning_old_3, versioning_o."DeletedReason" AS versioning_old_4, versioning_o."IsCurrent" AS versioning_old_5, versioning_o."IsDeleted" AS versioning_old_6, versioning_o."ModifiedBy" AS versioning_old_7, versioning_o."Revision" AS versioning_old_8, versioning_o."RootId" AS versioning_old_9, versioning_o."Text" AS versioning_old_10
            ),
            versioning_log AS (
                INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp")
                SELECT encode(@versioning_log_key_prefix || int8send((-9223372036854775807 - 1) + ((@versioning_log_key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, 'DELETE', @versioning_log_actor, NULL, @versioning_log_correlation, 'revision ' || r."Revision"::text, coalesce(r."RootId"::text, r."Id"::text, ''), 'Minute', @versioning_log_metadata, NULL, NULL, @versioning_log_tenant, @versioning_log_at
                FROM versioning_rows AS r)
            SELECT count(*) FROM versioning_rows
            """);
    }

    [Fact]
    public async Task ExecuteDelete_on_a_temporal_and_logged_set_writes_the_last_values_and_a_DELETE_row_in_the_statement()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Pages.Where(p => p.Title == "nobody").ExecuteDeleteAsync();

        AssertSql(
            """
            WITH versioning_old AS MATERIALIZED (
                SELECT p.* FROM "Pages" AS p
                WHERE p."Title" = 'nobody'
                FOR UPDATE OF p
            ), versioning_rows AS (
                DELETE FROM "Pages" AS p
                USING versioning_old AS versioning_o
                WHERE p."Id" = versioning_o."Id" AND (p."Title" = 'nobody')
                RETURNING p.*, versioning_o."Id" AS versioning_old_0, versioning_o."ChangedBy" AS versioning_old_1, versioning_o."Title" AS versioning_old_2, versioning_o."ValidFrom" AS versioning_old_3, versioning_o."Version" AS versioning_old_4
            ),
            versioning_history AS (
                INSERT INTO "PagesHistory" ("Id", "ChangedBy", "Title", "ValidFrom", "Version", "ValidTo", "RemovedBy")
                SELECT r.versioning_old_0, r.versioning_old_1, r.versioning_old_2, r.versioning_old_3, r.versioning_old_4, GREATEST(@versioning_history_at, r.versioning_old_3), @versioning_history_by
                FROM versioning_rows AS r),
            versioning_log AS (
                INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp")
                SELECT encode(@versioning_log_key_prefix || int8send((-9223372036854775807 - 1) + ((@versioning_log_key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, 'DELETE', @versioning_log_actor, NULL, @versioning_log_correlation, @versioning_log_details, coalesce(r."Id"::text, ''), 'Page', @versioning_log_metadata, NULL, NULL, @versioning_log_tenant, @versioning_log_at
                FROM versioning_rows AS r)
            SELECT count(*) FROM versioning_rows
            """);
    }

    [Fact]
    public async Task ExecuteDelete_on_a_temporal_soft_deletable_set_flags_the_rows_starts_their_next_version_and_writes_history()
    {
        await using var db = Open();
        _sql.Clear();

        await db.Drafts.Where(d => d.Id < 0).ExecuteDeleteAsync();

        AssertSql(
            """
            WITH versioning_old AS MATERIALIZED (
                SELECT d.* FROM "Drafts" AS d
                WHERE NOT (d."IsDeleted") AND d."Id" < 0
                FOR NO KEY UPDATE OF d
            ), versioning_rows AS (
                UPDATE "Drafts" AS d
                SET "IsDeleted" = @p,
                "DeletedAt" = @At,
                "DeletedBy" = NULL,
                "DeletedReason" = NULL,
                "PurgeAt" = @PurgeAt,
                "ValidFrom" = CASE
                    WHEN d."ValidFrom" > @At5 THEN d."ValidFrom"
                    ELSE @At5
                END,
                "Version" = d."Version" + 1,
                "ChangedBy" = NULL
                FROM versioning_old AS versioning_o
                WHERE d."Id" = versioning_o."Id" AND (NOT (d."IsDeleted") AND d."Id" < 0)
                RETURNING d.*, versioning_o."Id" AS versioning_old_0, versioning_o."ChangedBy" AS versioning_old_1, versioning_o."DeletedAt" AS versioning_old_2, versioning_o."DeletedBy" AS versioning_old_3, versioning_o."DeletedReason" AS versioning_old_4, versioning_o."IsDeleted" AS versioning_old_5, versioning_o."PurgeAt" AS versioning_old_6, versioning_o."Title" AS versioning_old_7, versioning_o."ValidFrom" AS versioning_old_8, versioning_o."Version" AS versioning_old_9
            ),
            versioning_history AS (
                INSERT INTO "DraftsHistory" ("Id", "ChangedBy", "DeletedAt", "DeletedBy", "DeletedReason", "IsDeleted", "PurgeAt", "Title", "ValidFrom", "Version", "ValidTo", "RemovedBy")
                SELECT r.versioning_old_0, r.versioning_old_1, r.versioning_old_2, r.versioning_old_3, r.versioning_old_4, r.versioning_old_5, r.versioning_old_6, r.versioning_old_7, r.versioning_old_8, r.versioning_old_9, GREATEST(@versioning_history_at, r.versioning_old_8), NULL
                FROM versioning_rows AS r)
            SELECT count(*) FROM versioning_rows
            """);
    }

    [Fact]
    public async Task Purging_soft_deleted_rows_and_the_activity_log_are_bounded_deletes()
    {
        await using var db = Open();
        _sql.Clear();

        await db.PurgeAsync<Contact>();
        await db.PurgeActivityLogAsync();

        AssertSql(
            """
            DO $versioning$BEGIN PERFORM set_config('versioning.writer', 'on', true); END$versioning$;
            DELETE FROM "Contacts" AS c
            WHERE c."PurgeAt" <= @Value;
            DO $versioning$BEGIN PERFORM set_config('versioning.writer', '', true); END$versioning$
            """,
            """
            DELETE FROM "ActivityLogs" AS a
            WHERE a."Id" IN (
                SELECT a0."Id"
                FROM "ActivityLogs" AS a0
                WHERE a0."Timestamp" < @cutoff
                ORDER BY a0."Timestamp"
                LIMIT @batchSize
            )
            """);
    }

    [Fact]
    public async Task Purging_temporal_and_audited_rows_first_deletes_their_history_and_past_revisions()
    {
        await using var db = Open();
        _sql.Clear();

        await db.PurgeAsync<Draft>();
        await db.PurgeAsync<Ledger>();

        AssertSql(
            """
            DELETE FROM "DraftsHistory" AS d
            WHERE EXISTS (
                SELECT 1
                FROM "Drafts" AS d0
                WHERE d0."PurgeAt" <= @Value AND d."Id" = d0."Id")
            """,
            """
            DO $versioning$BEGIN PERFORM set_config('versioning.writer', 'on', true); END$versioning$;
            DELETE FROM "Drafts" AS d
            WHERE d."PurgeAt" <= @Value;
            DO $versioning$BEGIN PERFORM set_config('versioning.writer', '', true); END$versioning$
            """,
            """
            DO $versioning$BEGIN PERFORM set_config('versioning.writer', 'on', true); END$versioning$;
            DELETE FROM "Ledgers" AS l
            WHERE NOT (l."IsCurrent") AND EXISTS (
                SELECT 1
                FROM "Ledgers" AS l0
                WHERE l0."PurgeAt" <= @Value AND COALESCE(l."RootId", l."Id") = COALESCE(l0."RootId", l0."Id"));
            DO $versioning$BEGIN PERFORM set_config('versioning.writer', '', true); END$versioning$
            """,
            """
            DO $versioning$BEGIN PERFORM set_config('versioning.writer', 'on', true); END$versioning$;
            DELETE FROM "Ledgers" AS l
            WHERE l."IsCurrent" AND l."PurgeAt" <= @Value;
            DO $versioning$BEGIN PERFORM set_config('versioning.writer', '', true); END$versioning$
            """);
    }

    [Fact]
    public async Task A_one_entity_update_with_change_events_is_one_statement_whose_event_depends_on_the_version_check()
    {
        int id;
        await using (var seed = Open())
        {
            var shipment = new Shipment { Carrier = "DHL" };
            seed.Add(shipment);
            await seed.SaveChangesAsync();
            id = shipment.Id;
        }

        await using var db = Open();
        (await db.Shipments.SingleAsync(s => s.Id == id)).Carrier = "UPS";
        _sql.Clear();

        await db.SaveChangesAsync();

        AssertSql(
            """
            WITH versioning_written AS (UPDATE "Shipments" SET "Carrier" = @p0, "StreamVersion" = @p1
            WHERE "Id" = @p2 AND "StreamVersion" = @p3 RETURNING 1), versioning_rows0 AS (INSERT INTO "ChangeEvents" ("Id", "ActorId", "After", "Before", "CausationId", "CorrelationId", "Kind", "NextAttemptAt", "StreamId", "StreamType", "StreamVersion", "TenantId", "Timestamp") SELECT v.* FROM versioning_written, (VALUES (@v0, @v1, @v2, @v3, @v4, @v5, @v6, @v7, @v8, @v9, @v10, @v11, @v12)) AS v) SELECT * FROM versioning_written;
            """);
    }

    [Fact]
    public async Task Saves_and_bulk_statements_on_a_table_with_capture_triggers_say_they_are_Versionings_own()
    {
        int id;
        await using (var seed = Open())
        {
            var shelf = new Shelf { Label = "A1" };
            seed.Add(shelf);
            await seed.SaveChangesAsync();
            id = shelf.Id;
        }

        await using var db = Open();
        (await db.Shelves.SingleAsync(s => s.Id == id)).Label = "A2";
        _sql.Clear();

        await db.SaveChangesAsync();
        await db.Shelves.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Label, "A3"));

        AssertSql(
            """
            /* versioning */ WITH versioning_written AS (UPDATE "Shelves" SET "Label" = @p0
            WHERE "Id" = @p1 RETURNING 1), versioning_rows0 AS (INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp") SELECT v.* FROM versioning_written, (VALUES (@v0, @v1, @v2, @v3, @v4, @v5, @v6, @v7, @v8, @v9, @v10, @v11, @v12)) AS v) SELECT * FROM versioning_written;
            """,
            """
            /* versioning */ WITH versioning_old AS MATERIALIZED (
                SELECT s.* FROM "Shelves" AS s
                WHERE s."Id" = @id
                FOR NO KEY UPDATE OF s
            ), versioning_rows AS (
                UPDATE "Shelves" AS s
                SET "Label" = @p
                FROM versioning_old AS versioning_o
                WHERE s."Id" = versioning_o."Id" AND (s."Id" = @id)
                RETURNING s.*, versioning_o."Id" AS versioning_old_0, versioning_o."Label" AS versioning_old_1
            ),
            versioning_log AS (
                INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp")
                SELECT encode(@versioning_log_key_prefix || int8send((-9223372036854775807 - 1) + ((@versioning_log_key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, c.action, @versioning_log_actor, c.field, @versioning_log_correlation, @versioning_log_details, coalesce(r."Id"::text, ''), 'Shelf', @versioning_log_metadata, c.new_value, c.old_value, @versioning_log_tenant, @versioning_log_at
                FROM versioning_rows AS r
                CROSS JOIN LATERAL (VALUES ('UPDATE', 'Label', r.versioning_old_1::text, r."Label"::text, r.versioning_old_1 IS DISTINCT FROM r."Label")) AS c(action, field, old_value, new_value, changed)
                WHERE c.changed)
            SELECT count(*) FROM versioning_rows
            """);
    }

    [Fact]
    public async Task A_query_of_a_multi_tenant_type_filters_by_the_tenant_and_bypass_as_parameters()
    {
        await using var db = Open();
        using var tenant = db.BeginTenantScope("acme");
        _sql.Clear();

        await db.Folders.Where(f => f.Name == "x").ToListAsync();

        AssertSql(
            """
            SELECT f."Id", f."ChangedBy", f."Name", f."TenantId", f."ValidFrom", f."Version"
            FROM "Folders" AS f
            WHERE (@ef_filter__p2 OR f."TenantId" = @ef_filter__p1) AND f."Name" = 'x'
            """);
    }

    [Fact]
    public async Task A_one_entity_update_of_a_multi_tenant_temporal_type_checks_the_tenant_and_copies_it_into_history()
    {
        await using var db = Open();
        using var tenant = db.BeginTenantScope("acme");
        var folder = new Folder { Name = "old" };
        db.Folders.Add(folder);
        await db.SaveChangesAsync();
        folder.Name = "new";
        _sql.Clear();

        await db.SaveChangesAsync();

        AssertSql(
            """
            WITH versioning_written AS (UPDATE "Folders" SET "Name" = @p0, "Version" = @p1
            WHERE "Id" = @p2 AND "TenantId" = @p3 AND "Version" = @p4 RETURNING 1), versioning_rows0 AS (INSERT INTO "FoldersHistory" ("Id", "ChangedBy", "Name", "TenantId", "ValidFrom", "Version", "ValidTo", "RemovedBy") SELECT v.* FROM versioning_written, (VALUES (@v0, @v1, @v2, @v3, @v4, @v5, @v6, @v7)) AS v) SELECT * FROM versioning_written;
            """);
    }

    [Fact]
    public async Task ExecuteDelete_of_a_multi_tenant_temporal_type_under_IgnoreQueryFilters_gets_the_tenant_predicate()
    {
        await using var db = Open();
        using var tenant = db.BeginTenantScope("acme");
        _sql.Clear();

        await db.Folders.IgnoreQueryFilters().Where(f => f.Name == "nobody").ExecuteDeleteAsync();

        AssertSql(
            """
            WITH versioning_old AS MATERIALIZED (
                SELECT f.* FROM "Folders" AS f
                WHERE f."Name" = 'nobody' AND f."TenantId" = @TenantId
                FOR UPDATE OF f
            ), versioning_rows AS (
                DELETE FROM "Folders" AS f
                USING versioning_old AS versioning_o
                WHERE f."Id" = versioning_o."Id" AND (f."Name" = 'nobody' AND f."TenantId" = @TenantId)
                RETURNING f.*, versioning_o."Id" AS versioning_old_0, versioning_o."ChangedBy" AS versioning_old_1, versioning_o."Name" AS versioning_old_2, versioning_o."TenantId" AS versioning_old_3, versioning_o."ValidFrom" AS versioning_old_4, versioning_o."Version" AS versioning_old_5
            ),
            versioning_history AS (
                INSERT INTO "FoldersHistory" ("Id", "ChangedBy", "Name", "TenantId", "ValidFrom", "Version", "ValidTo", "RemovedBy")
                SELECT r.versioning_old_0, r.versioning_old_1, r.versioning_old_2, r.versioning_old_3, r.versioning_old_4, r.versioning_old_5, GREATEST(@versioning_history_at, r.versioning_old_4), @versioning_history_by
                FROM versioning_rows AS r)
            SELECT count(*) FROM versioning_rows
            """);
    }

    [Fact]
    public async Task ExecuteUpdate_and_the_capture_triggers_of_a_multi_tenant_logged_type_log_each_row_for_its_own_tenant()
    {
        await using var db = Open();
        using var bypass = db.BeginTenantBypass("every tenant's memos");
        _sql.Clear();

        await db.Memos.Where(m => m.Text == "nobody").ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, "x"));

        AssertSql(
            """
            /* versioning */ WITH versioning_old AS MATERIALIZED (
                SELECT m.* FROM "Memos" AS m
                WHERE (@ef_filter__p2 OR m."TenantId" IS NULL) AND m."Text" = 'nobody'
                FOR NO KEY UPDATE OF m
            ), versioning_rows AS (
                UPDATE "Memos" AS m
                SET "Text" = @p
                FROM versioning_old AS versioning_o
                WHERE m."Id" = versioning_o."Id" AND ((@ef_filter__p2 OR m."TenantId" IS NULL) AND m."Text" = 'nobody')
                RETURNING m.*, versioning_o."Id" AS versioning_old_0, versioning_o."TenantId" AS versioning_old_1, versioning_o."Text" AS versioning_old_2
            ),
            versioning_log AS (
                INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "Metadata", "NewValue", "OldValue", "TenantId", "Timestamp")
                SELECT encode(@versioning_log_key_prefix || int8send((-9223372036854775807 - 1) + ((@versioning_log_key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, c.action, @versioning_log_actor, c.field, @versioning_log_correlation, @versioning_log_details, coalesce(r."Id"::text, ''), 'Memo', @versioning_log_metadata, c.new_value, c.old_value, r."TenantId", @versioning_log_at
                FROM versioning_rows AS r
                CROSS JOIN LATERAL (VALUES ('UPDATE', 'Text', r.versioning_old_2::text, r."Text"::text, r.versioning_old_2 IS DISTINCT FROM r."Text")) AS c(action, field, old_value, new_value, changed)
                WHERE c.changed)
            SELECT count(*) FROM versioning_rows
            """);
        ((string)(await store.ScalarAsync("SELECT prosrc FROM pg_proc WHERE proname = 'versioning_log_capture_Memos'"))!).Trim().Should().Be(
            """
            BEGIN
                IF current_setting('versioning.writer', true) = 'on' OR starts_with(ltrim(current_query()), '/* versioning */') THEN
                    RETURN NULL;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    WITH s AS MATERIALIZED (SELECT substring(int8send((extract(epoch FROM statement_timestamp()) * 1000)::bigint) FROM 3) || set_byte(substring(r FROM 7 FOR 2), 0, (get_byte(r, 6) & 15) | 112) AS key_prefix, (('x' || encode(substring(r FROM 9), 'hex'))::bit(64)::bigint & 4611686018427387903) AS key_low, NULLIF(current_setting('versioning.actor', true), '') AS actor, NULLIF(current_setting('versioning.reason', true), '') AS reason, NULLIF(current_setting('versioning.correlation_id', true), '') AS correlation_id, NULLIF(current_setting('versioning.tenant_id', true), '') AS tenant_id FROM uuid_send(gen_random_uuid()) AS r)
                        INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "NewValue", "OldValue", "TenantId", "Timestamp")
                        SELECT encode(s.key_prefix || int8send((-9223372036854775807 - 1) + ((s.key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, 'CREATE', s.actor, c.field, s.correlation_id, s.reason, coalesce(n."Id"::text, ''), 'Memo', c.new_value, NULL, n."TenantId", now()
                        FROM s, versioning_new_rows AS n CROSS JOIN LATERAL (VALUES ('Text', n."Text"::text)) AS c(field, new_value);
                ELSIF TG_OP = 'UPDATE' THEN
                    WITH s AS MATERIALIZED (SELECT substring(int8send((extract(epoch FROM statement_timestamp()) * 1000)::bigint) FROM 3) || set_byte(substring(r FROM 7 FOR 2), 0, (get_byte(r, 6) & 15) | 112) AS key_prefix, (('x' || encode(substring(r FROM 9), 'hex'))::bit(64)::bigint & 4611686018427387903) AS key_low, NULLIF(current_setting('versioning.actor', true), '') AS actor, NULLIF(current_setting('versioning.reason', true), '') AS reason, NULLIF(current_setting('versioning.correlation_id', true), '') AS correlation_id, NULLIF(current_setting('versioning.tenant_id', true), '') AS tenant_id FROM uuid_send(gen_random_uuid()) AS r)
                        INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "NewValue", "OldValue", "TenantId", "Timestamp")
                        SELECT encode(s.key_prefix || int8send((-9223372036854775807 - 1) + ((s.key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, c.action, s.actor, c.field, s.correlation_id, s.reason, coalesce(n."Id"::text, ''), 'Memo', c.new_value, c.old_value, n."TenantId", now()
                        FROM s, versioning_old_rows AS o JOIN versioning_new_rows AS n ON o."Id" = n."Id"
                        CROSS JOIN LATERAL (VALUES ('UPDATE', 'Text', o."Text"::text, n."Text"::text, o."Text" IS DISTINCT FROM n."Text")) AS c(action, field, old_value, new_value, changed)
                        WHERE c.changed;
                ELSE
                    WITH s AS MATERIALIZED (SELECT substring(int8send((extract(epoch FROM statement_timestamp()) * 1000)::bigint) FROM 3) || set_byte(substring(r FROM 7 FOR 2), 0, (get_byte(r, 6) & 15) | 112) AS key_prefix, (('x' || encode(substring(r FROM 9), 'hex'))::bit(64)::bigint & 4611686018427387903) AS key_low, NULLIF(current_setting('versioning.actor', true), '') AS actor, NULLIF(current_setting('versioning.reason', true), '') AS reason, NULLIF(current_setting('versioning.correlation_id', true), '') AS correlation_id, NULLIF(current_setting('versioning.tenant_id', true), '') AS tenant_id FROM uuid_send(gen_random_uuid()) AS r)
                        INSERT INTO "ActivityLogs" ("Id", "Action", "ActorId", "ChangedField", "CorrelationId", "Details", "EntityId", "EntityType", "NewValue", "OldValue", "TenantId", "Timestamp")
                        SELECT encode(s.key_prefix || int8send((-9223372036854775807 - 1) + ((s.key_low + row_number() OVER () - 1) % 4611686018427387904)), 'hex')::uuid, 'DELETE', s.actor, NULL, s.correlation_id, s.reason, coalesce(o."Id"::text, ''), 'Memo', NULL, NULL, o."TenantId", now()
                        FROM s, versioning_old_rows AS o;
                END IF;
                RETURN NULL;
            END
            """,
            "the triggers log a multi-tenant row for its own tenant, whatever the transaction's setting");
    }

    private void AssertSql(params string[] expected)
    {
        var actual = _sql.Statements;
        actual.Should().Equal(
            expected,
            "these are the statements Versioning sends; if EF, Npgsql or Versioning changed them on purpose, take the new ones:\n{0}",
            string.Join("\n\n", actual.Select(s => "\"\"\"\n" + s + "\n\"\"\"")));
    }

    private SnapshotDb Open() => _services!.CreateScope().ServiceProvider.GetRequiredService<SnapshotDb>();

    private async Task<List<int>> NewPagesAsync(int count)
    {
        await using var db = Open();
        var pages = Enumerable.Range(0, count).Select(i => new Page { Title = "page " + i }).ToList();
        db.Pages.AddRange(pages);
        await db.SaveChangesAsync();
        return [.. pages.Select(p => p.Id)];
    }

    /// <summary>Records the text of every command, queries and saves alike, in order.</summary>
    private sealed class SqlRecorder : DbCommandInterceptor
    {
        private readonly List<string> _statements = [];

        public IReadOnlyList<string> Statements
        {
            get
            {
                lock (_statements)
                {
                    return [.. _statements];
                }
            }
        }

        public void Clear()
        {
            lock (_statements)
            {
                _statements.Clear();
            }
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
            => Record(command, result);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Record(command, result));

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
            => Record(command, result);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Record(command, result));

        private T Record<T>(DbCommand command, T result)
        {
            lock (_statements)
            {
                _statements.Add(command.CommandText.ReplaceLineEndings("\n").TrimEnd());
            }

            return result;
        }
    }

    public sealed class Page
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";
    }

    public sealed class Email
    {
        public int Id { get; set; }

        public string Address { get; set; } = "";
    }

    public sealed class Record
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class Contact
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class Draft
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";
    }

    public sealed class Ledger
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";
    }

    /// <summary>Temporal, with PostgreSQL's xmin system column as its concurrency token.</summary>
    public sealed class Ticket
    {
        public int Id { get; set; }

        public string Subject { get; set; } = "";

        public uint RowVersion { get; set; }
    }

    public sealed class Minute
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    public sealed class Memo
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    public sealed class Folder
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class SnapshotDb(DbContextOptions<SnapshotDb> options) : DbContext(options)
    {
        public DbSet<Folder> Folders => Set<Folder>();

        public DbSet<Minute> Minutes => Set<Minute>();

        public DbSet<Ticket> Tickets => Set<Ticket>();

        public DbSet<Draft> Drafts => Set<Draft>();

        public DbSet<Ledger> Ledgers => Set<Ledger>();

        public DbSet<Page> Pages => Set<Page>();

        public DbSet<Email> Emails => Set<Email>();

        public DbSet<Record> Records => Set<Record>();

        public DbSet<Contact> Contacts => Set<Contact>();

        public DbSet<Shipment> Shipments => Set<Shipment>();

        public DbSet<Shelf> Shelves => Set<Shelf>();

        public DbSet<Memo> Memos => Set<Memo>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder
                .RetainActivityFor(TimeSpan.FromDays(180))
                .Entity<Page>(b => b.HasTemporalHistory().HasActivityLog())
                .Entity<Email>(b => b.HasSoftDelete(s => s.ReplaceOnUpdate()))
                .Entity<Record>(b => b.HasAuditTrail())
                .Entity<Contact>(b => b.HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30))))
                .Entity<Draft>(b => b.HasTemporalHistory().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30))))
                .Entity<Ledger>(b => b.HasAuditTrail().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30))))
                .Entity<Minute>(b => b.HasAuditTrail().HasActivityLog())
                .Entity<Ticket>(b => b.HasTemporalHistory().Property(t => t.RowVersion).IsRowVersion())
                .Entity<Shipment>(b => b.HasChangeEvents())
                .Entity<Folder>(b => b.HasTenant().HasTemporalHistory())
                .Entity<Shelf>(b => b.HasActivityLog().HasDatabaseCapture())
                .Entity<Memo>(b => b.HasTenant().HasActivityLog().HasDatabaseCapture());
    }

    public sealed class Shelf
    {
        public int Id { get; set; }

        public string Label { get; set; } = "";
    }

    public sealed class Shipment
    {
        public int Id { get; set; }

        public string Carrier { get; set; } = "";
    }
}
