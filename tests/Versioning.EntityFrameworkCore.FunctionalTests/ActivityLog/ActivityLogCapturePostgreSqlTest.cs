using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ActivityLog;

/// <summary>
/// <c>HasDatabaseCapture()</c> on an activity-logged entity type: writes that bypass EF (raw SQL, as psql or another
/// application sends it) reach the activity log through the table's triggers, as SaveChanges would have logged them, with
/// the actor, reason and correlation id of the transaction's settings; Versioning's own writes (saves small and
/// set-based, bulk statements) are logged once. Proven with raw SQL on PostgreSQL.
/// </summary>
public sealed class ActivityLogCapturePostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = ActorServices.Build(services => services.AddDbContext<LogCaptureDb>(o => store.UseProvider(o)));
        await using var scope = _services.CreateAsyncScope();
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<LogCaptureDb>());
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task A_raw_update_without_settings_logs_each_changed_field_with_its_action_and_text()
    {
        var id = await NewPriceAsync("SKU-1", 10.50m, 3);

        await store.ExecuteAsync(
            $"""UPDATE "CapturedPrices" SET "Price" = 12.00, "Stock" = 3, "Secret" = 'new', "Note" = 'not logged', "ChangedAt" = '2026-03-01 09:30:15.123456+00' WHERE "Id" = {id}""");

        var rows = await LogAsync(id, "UPDATE", "PRICE_CHANGE");
        rows.Select(r => (r.Action, r.ChangedField, r.OldValue, r.NewValue, r.ActorId, r.Details, r.CorrelationId)).Should().BeEquivalentTo(
        [
            ("PRICE_CHANGE", "Price", "10.5", "12", (string?)null, (string?)null, (string?)null),
            ("UPDATE", "Secret", "***", "***", null, null, null),
            ("UPDATE", "ChangedAt", null, "2026-03-01T09:30:15.123456Z", null, null, null),
        ]);
        rows.Should().OnlyContain(r => r.EntityType == "CapturedPrice" && r.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        rows.Select(r => r.Id).Should().OnlyContain(g => g.ToString()[14] == '7', "the keys are version 7 UUIDs");
    }

    [Fact]
    public async Task A_raw_insert_and_delete_are_logged_with_the_actor_reason_and_correlation_of_the_transaction()
    {
        await using (var connection = (NpgsqlConnection)store.CreateConnection())
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(
                """
                SET LOCAL versioning.actor = 'ops'; SET LOCAL versioning.reason = 'import'; SET LOCAL versioning.correlation_id = 'job-7';
                INSERT INTO "CapturedPrices" ("Id", "Sku", "Price", "Stock", "Secret", "Note") VALUES (9001, 'RAW', 1.25, 4, 's', 'n'), (9002, 'RAW2', 2, 5, 's', 'n');
                DELETE FROM "CapturedPrices" WHERE "Id" = 9002;
                """,
                connection,
                transaction);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        (await LogAsync(9001, "CREATE")).Select(r => (r.ChangedField, r.OldValue, r.NewValue, r.ActorId, r.Details, r.CorrelationId)).Should().BeEquivalentTo(
        [
            ("Sku", (string?)null, "RAW", "ops", "import", "job-7"),
            ("Price", null, "1.25", "ops", "import", "job-7"),
            ("Stock", null, "4", "ops", "import", "job-7"),
            ("Secret", null, "***", "ops", "import", "job-7"),
            ("ChangedAt", null, (string?)null, "ops", "import", "job-7"),
        ]);
        (await LogAsync(9002, "DELETE")).Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { ChangedField = (string?)null, ActorId = "ops", Details = "import", CorrelationId = "job-7" });
    }

    [Fact]
    public async Task A_snapshot_entity_type_logs_a_raw_insert_as_the_same_json_object()
    {
        await store.ExecuteAsync("""INSERT INTO "CapturedTags" ("Id", "Name", "Weight", "Code") VALUES (77, 'say "hi"', 3, 'secret')""");

        var row = (await LogAsync<CapturedTag>(77, "CREATE")).Should().ContainSingle().Subject;
        row.NewValue.Should().Be("""{"Code":"***","Name":"say \"hi\"","Weight":"3"}""", "the fields in the order SaveChanges writes them, the redacted one masked");
    }

    [Fact]
    public async Task Raw_sql_in_a_transaction_begun_through_EF_is_logged_under_the_contexts_actor_even_after_a_save_in_it()
    {
        var id = await NewPriceAsync("SKU-2", 5m, 1);
        await using var scope = Scope("carol");
        var db = scope.ServiceProvider.GetRequiredService<LogCaptureDb>();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            (await db.Prices.SingleAsync(p => p.Id == id)).Stock = 2;
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"""UPDATE "CapturedPrices" SET "Stock" = 9 WHERE "Id" = {id}""");
            await transaction.CommitAsync();
        }

        (await LogAsync(id, "UPDATE")).Select(r => (r.OldValue, r.NewValue, r.ActorId)).Should().BeEquivalentTo(
            [("1", "2", "carol"), ("2", "9", (string?)"carol")], "the save logged its change once, the raw statement after it was captured");
    }

    [Fact]
    public async Task Versioning_own_writes_are_logged_once()
    {
        var small = await NewPriceAsync("ONE", 1m, 1);
        var many = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            many.Add(await NewPriceAsync("MANY-" + i, 1m, 1));
        }

        await using (var scope = Scope("dave"))
        {
            var db = scope.ServiceProvider.GetRequiredService<LogCaptureDb>();
            (await db.Prices.SingleAsync(p => p.Id == small)).Stock = 2;
            await db.SaveChangesAsync();
            foreach (var price in await db.Prices.Where(p => many.Contains(p.Id)).ToListAsync())
            {
                price.Stock = 2;
            }

            await db.SaveChangesAsync();
            await db.Prices.Where(p => many.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, 3));
            db.Remove(await db.Prices.SingleAsync(p => p.Id == small));
            await db.SaveChangesAsync();
            await db.Prices.Where(p => many.Contains(p.Id)).ExecuteDeleteAsync();
        }

        (await LogAsync(small)).Select(r => (r.Action, r.ChangedField, r.ActorId)).Should().BeEquivalentTo(
        [
            ("CREATE", "Sku", "dave"), ("CREATE", "Price", "dave"), ("CREATE", "Stock", "dave"), ("CREATE", "Secret", "dave"),
            ("CREATE", "ChangedAt", "dave"), ("UPDATE", "Stock", "dave"), ("DELETE", (string?)null, "dave"),
        ]);
        foreach (var id in many)
        {
            (await LogAsync(id, "UPDATE", "DELETE")).Select(r => (r.Action, r.OldValue, r.NewValue)).Should().BeEquivalentTo(
                [("UPDATE", "1", "2"), ("UPDATE", "2", "3"), ("DELETE", (string?)null, (string?)null)]);
        }
    }

    [Fact]
    public async Task A_temporal_and_logged_table_captures_a_raw_update_into_both_and_a_save_once_into_each()
    {
        int id;
        await using (var scope = Scope("dave"))
        {
            var db = scope.ServiceProvider.GetRequiredService<LogCaptureDb>();
            var account = new CapturedAccount { Name = "Acme" };
            db.Add(account);
            await db.SaveChangesAsync();
            id = account.Id;
            account.Name = "Acme Ltd";
            await db.SaveChangesAsync();
        }

        await store.ExecuteAsync($"""BEGIN; SET LOCAL versioning.actor = 'ops'; UPDATE "CapturedAccounts" SET "Name" = 'Acme plc' WHERE "Id" = {id}; COMMIT;""");

        await using var read = Scope(null);
        var history = await read.ServiceProvider.GetRequiredService<LogCaptureDb>().Set<CapturedAccount>().HistoryAsync([id]);
        history.Select(v => (v.Version, v.Entity.Name, v.ChangedBy)).Should().Equal((3, "Acme plc", "ops"), (2, "Acme Ltd", "dave"), (1, "Acme", "dave"));
        (await LogAsync<CapturedAccount>(id, "UPDATE")).Select(r => (r.ChangedField, r.OldValue, r.NewValue, r.ActorId)).Should().BeEquivalentTo(
            [("Name", "Acme", "Acme Ltd", "dave"), ("Name", "Acme Ltd", (string?)"Acme plc", (string?)"ops")],
            "the temporal trigger's version, period and author are bookkeeping, not logged fields");
    }

    [Fact]
    public async Task The_readme_snippet_logs_a_raw_price_change_under_the_transactions_actor_and_reason()
    {
        await using (var scope = Scope("dave"))
        {
            var db = scope.ServiceProvider.GetRequiredService<LogCaptureDb>();
            db.AddRange(new Product { SupplierId = 7, Price = 10m }, new Product { SupplierId = 7, Price = 20m }, new Product { SupplierId = 8, Price = 30m });
            await db.SaveChangesAsync();
        }

        // The README's SQL, verbatim.
        await store.ExecuteAsync(
            """
            BEGIN;
            SET LOCAL versioning.actor = 'ops-jane';
            SET LOCAL versioning.reason = 'supplier price list';
            UPDATE "Products" SET "Price" = "Price" * 1.05 WHERE "SupplierId" = 7;   -- one PRICE_CHANGE row per changed price
            COMMIT;
            """);

        await using var read = Scope(null);
        var changes = await read.ServiceProvider.GetRequiredService<LogCaptureDb>().ActivityLog()
            .Where(r => r.EntityType == nameof(Product) && r.Action == "PRICE_CHANGE").ToListAsync();
        changes.Select(r => (r.OldValue, r.NewValue, r.ActorId, r.Details)).Should().BeEquivalentTo(
            [("10", "10.5", "ops-jane", "supplier price list"), ("20", "21", "ops-jane", "supplier price list")]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_save_of_many_inserts_updates_and_deletes_is_logged_once(int rows)
    {
        var skus = Enumerable.Range(0, rows).Select(i => $"BATCH-{rows}-{i}").ToList();
        List<string> ids;
        await using (var scope = Scope("erin"))
        {
            var db = scope.ServiceProvider.GetRequiredService<LogCaptureDb>();
            var added = skus.Select(sku => new CapturedPrice { Sku = sku, Price = 1m, Stock = 1, Secret = "s", Note = "n" }).ToList();
            db.Prices.AddRange(added);
            await db.SaveChangesAsync();
            ids = added.ConvertAll(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var price in await db.Prices.Where(p => skus.Contains(p.Sku)).ToListAsync())
            {
                price.Stock = 2;
            }

            await db.SaveChangesAsync();
            db.Prices.RemoveRange(await db.Prices.Where(p => skus.Contains(p.Sku)).ToListAsync());
            await db.SaveChangesAsync();
        }

        await using var read = Scope(null);
        var log = await read.ServiceProvider.GetRequiredService<LogCaptureDb>().ActivityLog()
            .Where(r => r.EntityType == nameof(CapturedPrice) && ids.Contains(r.EntityId))
            .GroupBy(r => r.Action).Select(g => new { Action = g.Key, Count = g.Count() }).ToListAsync();
        log.Should().BeEquivalentTo(new[]
        {
            new { Action = "CREATE", Count = rows * 5 }, new { Action = "UPDATE", Count = rows }, new { Action = "DELETE", Count = rows },
        }, "each change is logged once, by the save, not again by the triggers");
    }

    [Theory]
    [InlineData("AddDbContext", "none")]
    [InlineData("AddDbContextPool", "rollback and retry")]
    [InlineData("AddDbContextFactory", "SaveChanges(false)")]
    [InlineData("AddPooledDbContextFactory", "rollback and retry")]
    [InlineData("AddDbContextPool", "none")]
    [InlineData("AddPooledDbContextFactory", "SaveChanges(false)")]
    public async Task Under_every_registration_and_transaction_a_save_is_logged_once_and_raw_sql_after_it_under_its_actor(string registration, string transaction)
    {
        var services = new ServiceCollection();
        ContextRegistrations.Add<LogCaptureDb>(services, registration, o => store.UseProvider(o));
        await using var provider = services.AddScoped<TestActor>()
            .AddVersioning(v => v.UseActorAccessor(sp => sp.GetRequiredService<TestActor>()))
            .BuildServiceProvider(validateScopes: true);
        var id = await NewPriceAsync("MATRIX", 1m, 1);
        await using var scope = provider.CreateScope("frank");

        await ContextRegistrations.UseAsync<LogCaptureDb>(scope, registration, async db =>
        {
            var price = await db.Prices.SingleAsync(p => p.Id == id);
            price.Stock = 2;
            switch (transaction)
            {
                case "none":
                    await db.SaveChangesAsync();
                    break;
                case "SaveChanges(false)":
                    await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);
                    db.ChangeTracker.AcceptAllChanges();
                    break;
                default:
                    await using (var rolledBack = await db.Database.BeginTransactionAsync())
                    {
                        await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);
                        await rolledBack.RollbackAsync();
                    }

                    await using (var retried = await db.Database.BeginTransactionAsync())
                    {
                        await db.SaveChangesAsync();
                        await db.Database.ExecuteSqlAsync($"""UPDATE "CapturedPrices" SET "Stock" = 3 WHERE "Id" = {id}""");
                        await retried.CommitAsync();
                    }

                    break;
            }
        });

        var expected = transaction == "rollback and retry"
            ? new[] { ("1", "2", "frank"), ("2", "3", "frank") }
            : [("1", "2", "frank")];
        (await LogAsync(id, "UPDATE")).Select(r => (r.OldValue, r.NewValue, r.ActorId)).Should().BeEquivalentTo(expected);
        (await LogAsync(id, "CREATE")).Should().HaveCount(5, "the insert was logged once");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task An_execution_strategys_retry_of_a_save_and_a_bulk_statement_on_a_captured_table_logs_each_once(int rows)
    {
        var ids = new List<int>();
        for (var i = 0; i < rows; i++)
        {
            ids.Add(await NewPriceAsync("RETRY-" + i, 1m, 1));
        }

        // Each first attempt waits for a row another transaction holds and fails when lock_timeout expires (nothing of it
        // is written); the strategy then releases the row and retries: EF builds the save's batches again.
        var failures = 0;
        await using (var held = await HeldRow.LockAsync(store, "CapturedPrices", ids[^1]))
        {
            await using var services = ActorServices.Build(s => s.AddDbContext<LogCaptureDb>(held.RetryingOptions(store, () => failures++)));
            await using var scope = services.CreateScope("erin");
            var db = scope.ServiceProvider.GetRequiredService<LogCaptureDb>();
            foreach (var price in await db.Prices.Where(p => ids.Contains(p.Id)).ToListAsync())
            {
                price.Stock = 2;
            }

            await db.SaveChangesAsync();
        }

        await using (var held = await HeldRow.LockAsync(store, "CapturedPrices", ids[0]))
        {
            await using var services = ActorServices.Build(s => s.AddDbContext<LogCaptureDb>(held.RetryingOptions(store, () => failures++)));
            await using var scope = services.CreateScope("erin");
            var db = scope.ServiceProvider.GetRequiredService<LogCaptureDb>();
            (await db.Prices.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, 3))).Should().Be(rows);
        }

        failures.Should().Be(2);
        foreach (var id in ids)
        {
            (await LogAsync(id, "UPDATE")).Select(r => (r.OldValue, r.NewValue, r.ActorId)).Should().Equal(
                [("1", "2", "erin"), ("2", "3", (string?)"erin")], "the save and the statement logged themselves once, and their triggers nothing");
        }
    }

    [Fact]
    public async Task A_failing_raw_transaction_leaves_no_log_rows()
    {
        var id = await NewPriceAsync("SKU-3", 5m, 1);

        // The first statement's trigger logs its change; the second fails, and the log rows go with the transaction.
        var fail = () => store.ExecuteAsync(
            $"""BEGIN; UPDATE "CapturedPrices" SET "Stock" = 2 WHERE "Id" = {id}; UPDATE "CapturedPrices" SET "Sku" = NULL WHERE "Id" = {id}; COMMIT;""");

        await fail.Should().ThrowAsync<PostgresException>();
        (await LogAsync(id, "UPDATE")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_raw_update_of_a_complex_members_column_is_logged_under_its_path()
    {
        int id;
        await using (var scope = Scope("dave"))
        {
            var db = scope.ServiceProvider.GetRequiredService<LogCaptureDb>();
            var site = new CapturedSite { Name = "depot", Address = new CapturedAddress { City = "Oslo", Zip = "0150" } };
            db.Add(site);
            await db.SaveChangesAsync();
            id = site.Id;
        }

        await store.ExecuteAsync($"""UPDATE "CapturedSites" SET "Address_City" = 'Bergen' WHERE "Id" = {id}""");

        (await LogAsync<CapturedSite>(id, "UPDATE")).Select(r => (r.ChangedField, r.OldValue, r.NewValue)).Should().Equal(("Address.City", "Oslo", "Bergen"));
    }

    [Fact]
    public async Task Raw_writes_of_a_logged_table_with_an_xmin_token_are_logged()
    {
        await store.ExecuteAsync("""INSERT INTO "CapturedLocks" ("Id", "Holder") VALUES (501, 'dave')""");
        await store.ExecuteAsync("""UPDATE "CapturedLocks" SET "Holder" = 'erin' WHERE "Id" = 501""");

        (await LogAsync<CapturedLock>(501)).Select(r => (r.Action, r.ChangedField, r.OldValue, r.NewValue)).Should().BeEquivalentTo(
            [("CREATE", "Holder", (string?)null, "dave"), ("UPDATE", "Holder", "dave", (string?)"erin")],
            "a trigger sees no system column: the token is not a field the database can log");
    }

    [Fact]
    public void Capture_of_a_logged_type_of_a_hierarchy_is_refused_when_the_model_is_built()
    {
        var build = () => Build(m =>
        {
            m.Entity<CapturedTag>().HasActivityLog().HasDatabaseCapture();
            m.Entity<CapturedSpecialTag>();
        });

        build.Should().Throw<InvalidOperationException>().WithMessage("HasDatabaseCapture() on 'CapturedTag'*shared with other entity types*");
    }

    [Fact]
    public void Capture_of_a_logged_type_whose_updates_write_new_rows_is_refused_when_the_model_is_built()
    {
        var build = () => Build(m => m.Entity<CapturedTag>().HasActivityLog().HasAuditTrail().HasDatabaseCapture());

        build.Should().Throw<InvalidOperationException>().WithMessage("HasDatabaseCapture() on 'CapturedTag' cannot log*audit trail*");
    }

    [Fact]
    public void Capture_of_a_logged_field_the_database_cannot_write_as_text_is_refused_when_the_model_is_built()
    {
        var build = () => Build(m => m.Entity<CapturedReading>().HasActivityLog().HasDatabaseCapture());

        build.Should().Throw<InvalidOperationException>().WithMessage("HasDatabaseCapture() on 'CapturedReading'*'Value' (Double)*");
    }

    [Fact]
    public void Capture_without_a_strategy_that_captures_is_refused_when_the_model_is_built()
    {
        var build = () => Build(m => m.Entity<CapturedTag>().HasChangeStamps().HasDatabaseCapture());

        build.Should().Throw<InvalidOperationException>().WithMessage("HasDatabaseCapture() on 'CapturedTag'*Add HasTemporalHistory() or HasActivityLog()*");
    }

    private static object Build(Action<ModelBuilder> configure)
    {
        using var db = new RefusedDb(new DbContextOptionsBuilder<RefusedDb>().UseNpgsql("Host=unused", n => n.UseVersioning()).Options, configure);
        return db.Model;
    }

    private AsyncServiceScope Scope(string? actor) => _services.CreateScope(actor);

    private async Task<int> NewPriceAsync(string sku, decimal price, int stock)
    {
        await using var scope = Scope("dave");
        var db = scope.ServiceProvider.GetRequiredService<LogCaptureDb>();
        var row = new CapturedPrice { Sku = sku, Price = price, Stock = stock, Secret = "s", Note = "n" };
        db.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private Task<List<ActivityLogEntry>> LogAsync(int id, params string[] actions) => LogAsync<CapturedPrice>(id, actions);

    private async Task<List<ActivityLogEntry>> LogAsync<TEntity>(int id, params string[] actions)
        where TEntity : class
    {
        await using var scope = Scope(null);
        var db = scope.ServiceProvider.GetRequiredService<LogCaptureDb>();
        return await db.ActivityLog().For<TEntity>(id)
            .Where(r => actions.Length == 0 || actions.Contains(r.Action))
            .OrderBy(r => r.Timestamp).ThenBy(r => r.Id)
            .ToListAsync();
    }

    public sealed class CapturedPrice
    {
        public int Id { get; set; }

        public string Sku { get; set; } = "";

        public decimal Price { get; set; }

        public int Stock { get; set; }

        public string Secret { get; set; } = "";

        public string Note { get; set; } = "";

        public DateTime? ChangedAt { get; set; }
    }

    public sealed class CapturedLock
    {
        public int Id { get; set; }

        public string Holder { get; set; } = "";

        public uint RowVersion { get; set; }
    }

    public sealed class CapturedSite
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public CapturedAddress Address { get; set; } = new();
    }

    public sealed class CapturedAddress
    {
        public string City { get; set; } = "";

        public string Zip { get; set; } = "";
    }

    public sealed class CapturedSpecialTag : CapturedTag
    {
        public string Special { get; set; } = "";
    }

    public class CapturedTag
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public int Weight { get; set; }

        public string Code { get; set; } = "";
    }

    public sealed class Product
    {
        public int Id { get; set; }

        public int SupplierId { get; set; }

        public decimal Price { get; set; }
    }

    public sealed class CapturedAccount
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class CapturedReading
    {
        public int Id { get; set; }

        public double Value { get; set; }
    }

    public sealed class LogCaptureDb(DbContextOptions<LogCaptureDb> options) : DbContext(options)
    {
        public DbSet<CapturedPrice> Prices => Set<CapturedPrice>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<CapturedPrice>(b => b.ToTable("CapturedPrices")
                .HasActivityLog(a => a.Track(p => p.Price, "PRICE_CHANGE").Redact(p => p.Secret).Ignore(p => p.Note))
                .HasDatabaseCapture());
            modelBuilder.Entity<CapturedTag>(b => b.ToTable("CapturedTags")
                .HasActivityLog(a => a.CreateValues(ActivityCreateValues.Snapshot).Redact(t => t.Code))
                .HasDatabaseCapture());
            modelBuilder.Entity<CapturedAccount>(b => b.ToTable("CapturedAccounts").HasTemporalHistory().HasActivityLog().HasDatabaseCapture());
            modelBuilder.Entity<CapturedLock>(b =>
            {
                b.ToTable("CapturedLocks").HasActivityLog().HasDatabaseCapture();
                b.Property(l => l.RowVersion).IsRowVersion();
            });
            modelBuilder.Entity<CapturedSite>(b =>
            {
                b.ToTable("CapturedSites").HasActivityLog().HasDatabaseCapture();
                b.ComplexProperty(s => s.Address);
            });

            // The README's snippet, verbatim.
            modelBuilder.Entity<Product>().HasActivityLog(a => a.Track(p => p.Price, "PRICE_CHANGE")).HasDatabaseCapture();
            modelBuilder.Entity<Product>().ToTable("Products");
        }
    }

    public sealed class RefusedDb(DbContextOptions<RefusedDb> options, Action<ModelBuilder> configure) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => configure(modelBuilder);

        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
            => optionsBuilder.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, UncachedModels>();
    }

    private sealed class UncachedModels : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => new object();
    }
}
