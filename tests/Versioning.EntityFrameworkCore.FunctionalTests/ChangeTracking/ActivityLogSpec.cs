using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeTracking;

/// <summary>
/// The activity log (seed 'Activity Log Tracking', audit-log-ttl-design), written once and run on every provider.
/// </summary>
public abstract class ActivityLogSpec(TestStore store) : IDisposable
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);


    protected TestStore Store { get; } = store;

    protected FakeTimeProvider Clock { get; } = new(Start);

    private SpecContexts? _contexts;

    // Lazily, because the clock above must exist first; one set of services per test.
    private SpecContexts Contexts => _contexts ??= new SpecContexts(
        Store, Clock, (services, options) => services.AddDbContext<ActivityDb>(options).AddDbContext<SnakeCaseActivityDb>(options));

    private static DateTime Now(FakeTimeProvider clock)
    {
        var t = clock.GetUtcNow();
        return new DateTime(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    public async Task Inserting_writes_a_CREATE_row_per_logged_field_with_its_initial_value_and_the_generated_key(int count)
    {
        await using var db = await OpenAsync("alice");
        var coupons = Enumerable.Range(0, count).Select(i => new Coupon { Code = Unique($"c{i}"), Amount = 10.50m + i, Notes = "not logged" }).ToList();
        db.AddRange(coupons);
        await db.SaveChangesAsync();

        foreach (var coupon in coupons)
        {
            var rows = await LogOfAsync<Coupon>(coupon.Id);
            rows.Should().OnlyContain(r => r.Action == "CREATE" && r.EntityType == "Coupon" && r.ActorId == "alice"
                && r.Timestamp == Now(Clock) && r.OldValue == null
                && r.EntityId == coupon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            rows.Select(r => (r.ChangedField, r.NewValue)).Should().BeEquivalentTo(
            [
                ("Code", coupon.Code),
                ("Amount", coupon.Amount.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)),
                ("IsActive", "true"),
                ("ValidUntil", (string?)null),
            ]);
        }
    }

    [Fact]
    public async Task Inserting_an_entity_configured_without_create_values_writes_one_CREATE_row()
    {
        var bin = Unique("bin");
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(new StockLevel { WarehouseId = 8, Bin = bin, Quantity = 3 });
            await db.SaveChangesAsync();
        }

        var row = (await LogOfAsync<StockLevel>(8, bin)).Should().ContainSingle().Which;
        (row.Action, row.ChangedField, row.NewValue).Should().Be(("CREATE", (string?)null, (string?)null));
    }

    [Fact]
    public async Task Inserting_an_entity_configured_with_a_snapshot_writes_one_CREATE_row_with_its_values_as_json()
    {
        await using var db = await OpenAsync("alice");
        var supplier = new Supplier { Name = Unique("acme"), Iban = "DE89370400440532013000" };
        db.Add(supplier);
        await db.SaveChangesAsync();

        var row = (await LogOfAsync<Supplier>(supplier.Id)).Should().ContainSingle().Which;
        row.Action.Should().Be("CREATE");
        var snapshot = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string?>>(row.NewValue!)!;
        snapshot["Name"].Should().Be(supplier.Name);
        snapshot["Iban"].Should().Be(ActivityLogEntry.RedactedMask, "redaction applies to the snapshot too");
    }

    [Fact]
    public async Task Updating_writes_one_row_per_changed_field_with_invariant_old_and_new_values()
    {
        var id = await NewVariantAsync(19.95m);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var available = new DateTime(2026, 4, 1, 8, 30, 0, DateTimeKind.Utc).AddTicks(1234);

        await using (var db = await OpenAsync("bob"))
        {
            var variant = await db.ProductVariants.SingleAsync(p => p.Id == id);
            variant.Price = 24.75m;
            variant.Stock = 7;
            variant.IsActive = false;
            variant.AvailableFrom = available;
            variant.Notes = "ignored";
            await db.SaveChangesAsync();
        }

        var rows = (await LogOfAsync<ProductVariant>(id)).Where(r => r.Action != "CREATE").ToList();
        rows.Select(r => (r.Action, r.ChangedField, r.OldValue, r.NewValue)).Should().BeEquivalentTo(
        [
            ("PRICE_CHANGE", "Price", "19.95", "24.75"),
            ("STOCK_ADJUSTMENT", "Stock", "0", "7"),
            ("UPDATE", "IsActive", "true", "false"),
            ("UPDATE", "AvailableFrom", (string?)null, "2026-04-01T08:30:00.000123Z"),
        ]);
        rows.Should().OnlyContain(r => r.ActorId == "bob" && r.Timestamp == Now(Clock));
        rows.Select(r => r.CorrelationId).Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task An_update_of_ignored_and_bookkeeping_properties_only_writes_nothing()
    {
        var id = await NewVariantAsync(5m);
        await using (var db = await OpenAsync("bob"))
        {
            var variant = await db.ProductVariants.SingleAsync(p => p.Id == id);
            variant.Notes = "just a note";
            await db.SaveChangesAsync();
            db.Entry(variant).Versioning().UpdatedBy.Should().Be("bob", "the stamps were written, but they are not logged");
        }

        (await LogOfAsync<ProductVariant>(id)).Should().ContainSingle(r => r.Action == "CREATE");
    }

    [Fact]
    public async Task Deleting_writes_one_DELETE_row()
    {
        var id = await NewVariantAsync(5m);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await using (var db = await OpenAsync("carol"))
        {
            db.Remove(await db.ProductVariants.SingleAsync(p => p.Id == id));
            await db.SaveChangesAsync();
        }

        var rows = await LogOfAsync<ProductVariant>(id);
        rows.Select(r => r.Action).Should().Equal("DELETE", "CREATE");
        rows[0].ActorId.Should().Be("carol");
    }

    [Fact]
    public async Task Attribute_configuration_redacts_ignores_and_names_actions_and_clr_stamps_are_not_logged()
    {
        int id;
        await using (var db = await OpenAsync("alice"))
        {
            var supplier = new Supplier { Name = Unique("acme"), Iban = "DE-SECRET-1" };
            db.Add(supplier);
            await db.SaveChangesAsync();
            id = supplier.Id;
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        await using (var db = await OpenAsync("bob"))
        {
            var supplier = await db.Suppliers.SingleAsync(s => s.Id == id);
            supplier.Iban = "DE-SECRET-2";
            supplier.Views++;
            supplier.Rating = 4.5;
            await db.SaveChangesAsync();
            supplier.UpdatedBy.Should().Be("bob");
        }

        var rows = (await LogOfAsync<Supplier>(id)).Where(r => r.Action != "CREATE").ToList();
        rows.Select(r => (r.Action, r.ChangedField, r.OldValue, r.NewValue)).Should().BeEquivalentTo(
        [
            ("UPDATE", "Iban", ActivityLogEntry.RedactedMask, ActivityLogEntry.RedactedMask),
            ("RATING_CHANGE", "Rating", "0", "4.5"),
        ]);

        // Read the raw table: the secret is nowhere in it.
        (await Store.ScalarAsync(
                $"SELECT COUNT(*) FROM {Q("ActivityLogs")} WHERE {Q("OldValue")} LIKE '%SECRET%' OR {Q("NewValue")} LIKE '%SECRET%' "
                + $"OR {Q("Details")} LIKE '%SECRET%' OR {Q("EntityId")} LIKE '%SECRET%'"))
            .Should().BeEquivalentTo(0);
        (await Store.ScalarAsync(
                $"SELECT {Q("NewValue")} FROM {Q("ActivityLogs")} WHERE {Q("EntityType")} = 'Supplier' AND {Q("EntityId")} = '{id}' AND {Q("ChangedField")} = 'Iban'"))
            .Should().Be(ActivityLogEntry.RedactedMask);
    }

    [Fact]
    public async Task Composite_keys_are_written_as_escaped_parts_in_key_order()
    {
        var bin = Unique("A,1\\x");
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(new StockLevel { WarehouseId = 7, Bin = bin, Quantity = 3 });
            await db.SaveChangesAsync();
        }

        var rows = await LogOfAsync<StockLevel>(7, bin);
        rows.Should().ContainSingle().Which.EntityId.Should().Be("7," + bin.Replace("\\", "\\\\").Replace(",", "\\,"));
    }

    [Fact]
    public async Task A_change_scope_sets_the_correlation_id_the_actor_and_the_details_of_every_row()
    {
        await using var db = await OpenAsync("alice");
        using (db.BeginChangeScope(reason: "Manual price update", actor: "u-7", correlationId: "corr-1"))
        {
            db.Add(new ProductVariant { Sku = Unique("scoped"), Price = 1 });
            db.Add(new Supplier { Name = Unique("scoped"), Iban = "X" });
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var rows = await check.ActivityLog().Where(r => r.CorrelationId == "corr-1").ToListAsync();
        rows.Should().HaveCount(2).And.OnlyContain(r => r.ActorId == "u-7" && r.Details == "Manual price update" && r.Metadata == null);
    }

    [Fact]
    public async Task A_change_scopes_metadata_is_written_with_every_row_as_a_json_object()
    {
        var correlation = Unique("corr");
        await using var db = await OpenAsync("alice");
        using (db.BeginChangeScope(correlationId: correlation, metadata: new Dictionary<string, string?> { ["ticket"] = "OPS-12", ["source"] = "import" }))
        {
            db.Add(new ProductVariant { Sku = Unique("meta"), Price = 1 });
            db.LogActivity(new ProductVariant { Id = 1 }, "AUDITED");
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var rows = await check.ActivityLog().Where(r => r.CorrelationId == correlation).ToListAsync();
        rows.Should().HaveCount(2);
        foreach (var row in rows)
        {
            var metadata = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(row.Metadata!);
            metadata.Should().BeEquivalentTo(new Dictionary<string, string> { ["ticket"] = "OPS-12", ["source"] = "import" });
        }
    }

    [Fact]
    public async Task A_manual_activity_is_written_with_the_next_save_even_when_nothing_else_changes()
    {
        var id = await NewVariantAsync(3m);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await using (var db = await OpenAsync("dave"))
        {
            var variant = await db.ProductVariants.SingleAsync(p => p.Id == id);
            db.LogActivity(variant, "SHIPPED", details: "DHL 123");
            (await LogOfAsync<ProductVariant>(id)).Should().ContainSingle("nothing is written before SaveChanges");
            await db.SaveChangesAsync();
            await db.SaveChangesAsync();
        }

        var rows = await LogOfAsync<ProductVariant>(id);
        rows.Should().HaveCount(2, "the activity is written once");
        rows[0].Action.Should().Be("SHIPPED");
        rows[0].Details.Should().Be("DHL 123");
        rows[0].ActorId.Should().Be("dave");
        rows[0].EntityId.Should().Be(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_manual_activity_about_an_added_entity_gets_its_generated_key()
    {
        await using var db = await OpenAsync("dave");
        var variant = new ProductVariant { Sku = Unique("new"), Price = 1 };
        db.Add(variant);
        db.LogActivity(variant, "RECEIVED");
        await db.SaveChangesAsync();

        (await LogOfAsync<ProductVariant>(variant.Id)).Select(r => r.Action).Should().BeEquivalentTo(["CREATE", "RECEIVED"]);
    }

    [Fact]
    public async Task A_failed_save_leaves_no_log_row_and_a_retry_writes_everything_once()
    {
        var taken = Unique("taken");
        await NewVariantAsync(1m, taken);
        var id = await NewVariantAsync(2m);

        await using var db = await OpenAsync("erin");
        var existing = await db.ProductVariants.SingleAsync(p => p.Id == id);
        existing.Price = 3m;
        db.LogActivity(existing, "AUDITED");
        var duplicate = new ProductVariant { Sku = taken, Price = 9 };
        db.Add(duplicate);

        var act = () => db.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateException>();
        db.ChangeTracker.Entries<ActivityLogEntry>().Should().BeEmpty("the log rows the pipeline added were undone");
        (await LogOfAsync<ProductVariant>(id)).Should().ContainSingle(r => r.Action == "CREATE");

        duplicate.Sku = Unique("free");
        await db.SaveChangesAsync();

        (await LogOfAsync<ProductVariant>(id)).Select(r => r.Action).Should().BeEquivalentTo(["CREATE", "PRICE_CHANGE", "AUDITED"]);
        (await LogOfAsync<ProductVariant>(duplicate.Id)).Should().ContainSingle(r => r.Action == "CREATE");
    }

    [Fact]
    public async Task A_large_save_writes_every_row_set_based_with_generated_keys_and_old_values()
    {
        List<ProductVariant> variants;
        await using (var db = await OpenAsync("bulk"))
        {
            variants = [.. Enumerable.Range(0, 40).Select(i => new ProductVariant { Sku = Unique($"bulk{i}"), Price = i })];
            db.AddRange(variants);
            db.LogActivity(variants[0], "IMPORTED");
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync("bulk"))
        {
            var ids = variants.Select(v => v.Id).ToList();
            foreach (var variant in await db.ProductVariants.Where(p => ids.Contains(p.Id)).ToListAsync())
            {
                variant.Price += 0.5m;
                variant.Stock = 2;
            }

            await db.SaveChangesAsync();
        }

        foreach (var variant in variants)
        {
            var rows = await LogOfAsync<ProductVariant>(variant.Id);
            rows.Where(r => r.Action == "CREATE").Should().ContainSingle();
            rows.Should().ContainSingle(r => r.Action == "PRICE_CHANGE" && r.NewValue == (variant.Price + 0.5m).ToString(System.Globalization.CultureInfo.InvariantCulture));
            rows.Should().ContainSingle(r => r.Action == "STOCK_ADJUSTMENT" && r.OldValue == "0" && r.NewValue == "2");
        }

        (await LogOfAsync<ProductVariant>(variants[0].Id)).Should().ContainSingle(r => r.Action == "IMPORTED");

        // The keys of a save's rows are version 7 UUIDs of its time, counting up from one random key.
        await using var check = await OpenAsync();
        var keys = await check.ActivityLog().Where(r => r.ActorId == "bulk").Select(r => r.Id).ToListAsync();
        keys.Should().HaveCount(121).And.OnlyHaveUniqueItems().And.OnlyContain(k => k.Version == 7 && (k.Variant & 0xC) == 0x8);
    }

    [Fact]
    public async Task The_synchronous_api_writes_generated_keys_small_and_large_saves_and_purges()
    {
        await using var db = await OpenAsync("sync");
        var one = new ProductVariant { Sku = Unique("sync"), Price = 1 };
        db.Add(one);
        db.SaveChanges();
        var many = Enumerable.Range(0, 20).Select(i => new ProductVariant { Sku = Unique($"sync{i}"), Price = i }).ToList();
        db.AddRange(many);
        db.SaveChanges();

        foreach (var variant in many.Prepend(one))
        {
            (await LogOfAsync<ProductVariant>(variant.Id)).Should().ContainSingle(r => r.Action == "CREATE");
        }

        Clock.Advance(TimeSpan.FromDays(181));
        db.PurgeActivityLog().Should().BeGreaterThanOrEqualTo(21);
        (await LogOfAsync<ProductVariant>(one.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Without_automatic_transactions_the_rows_of_generated_keys_are_written_right_after_the_save()
    {
        await using var db = await OpenAsync("never");
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        var variant = new ProductVariant { Sku = Unique("never"), Price = 1 };
        db.Add(variant);
        await db.SaveChangesAsync();

        (await LogOfAsync<ProductVariant>(variant.Id)).Should().ContainSingle(r => r.Action == "CREATE");
        db.Database.AutoTransactionBehavior.Should().Be(AutoTransactionBehavior.Never);
    }

    [Fact]
    public async Task A_failed_large_save_leaves_no_log_row_behind()
    {
        var taken = Unique("taken");
        await NewVariantAsync(1m, taken);
        await using var db = await OpenAsync("bulk");
        var variants = Enumerable.Range(0, 30).Select(i => new ProductVariant { Sku = Unique($"fail{i}"), Price = i }).ToList();
        db.AddRange(variants);
        db.Add(new ProductVariant { Sku = taken });

        var act = () => db.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateException>();

        var skus = variants.Select(v => v.Sku).ToList();
        (await Store.ScalarAsync($"SELECT COUNT(*) FROM {Q("ProductVariants")} WHERE {Q("Sku")} LIKE 'fail%'")).Should().BeEquivalentTo(0);
        db.Database.AutoTransactionBehavior.Should().Be(AutoTransactionBehavior.WhenNeeded, "the setting forced for the save is put back");

        db.ChangeTracker.Entries<ProductVariant>().Single(e => e.Entity.Sku == taken).State = EntityState.Detached;
        await db.SaveChangesAsync();
        foreach (var variant in variants)
        {
            (await LogOfAsync<ProductVariant>(variant.Id)).Should().ContainSingle(r => r.Action == "CREATE");
        }
    }

    [Fact]
    public async Task Inside_the_applications_transaction_the_log_commits_and_rolls_back_with_it()
    {
        await using var db = await OpenAsync("tx");
        var rolledBack = new ProductVariant { Sku = Unique("rolled-back"), Price = 1 };
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Add(rolledBack);
            await db.SaveChangesAsync();
            (await db.ActivityLog().For(rolledBack).CountAsync()).Should().Be(1, "the row is in the transaction");
            await transaction.RollbackAsync();
        }

        db.ChangeTracker.Clear(); // EF still tracks the rolled-back insert as saved; SQLite would hand its key out again

        (await LogOfAsync<ProductVariant>(rolledBack.Id)).Should().BeEmpty();

        var committed = new ProductVariant { Sku = Unique("committed"), Price = 1 };
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Add(committed);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        (await LogOfAsync<ProductVariant>(committed.Id)).Should().ContainSingle(r => r.Action == "CREATE");
    }

    [Fact]
    public async Task Queries_filter_by_entity_action_actor_and_time_newest_first()
    {
        var id = await NewVariantAsync(1m);
        for (var i = 2; i <= 4; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await using var db = await OpenAsync(i % 2 == 0 ? "even" : "odd");
            var variant = await db.ProductVariants.SingleAsync(p => p.Id == id);
            variant.Price = i;
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var entity = await check.ProductVariants.AsNoTracking().SingleAsync(p => p.Id == id);
        var prices = await check.ActivityLog().For(entity).WithAction("PRICE_CHANGE").ToListAsync();
        prices.Select(r => r.NewValue).Should().Equal("4", "3", "2");
        (await check.ActivityLog().For<ProductVariant>(id).ByActor("even").Select(r => r.NewValue).ToListAsync()).Should().Equal("4", "2");
        var from = Start.UtcDateTime.AddMinutes(1.5);
        (await check.ActivityLog().For(entity).Between(from, from.AddMinutes(1)).Select(r => r.NewValue).ToListAsync()).Should().Equal("3");
    }

    [Fact]
    public async Task Purging_deletes_only_rows_older_than_the_retention_in_batches()
    {
        var old = await NewVariantAsync(1m);
        await using (var db = await OpenAsync("old"))
        {
            for (var i = 0; i < 4; i++)
            {
                db.LogActivity(await db.ProductVariants.SingleAsync(p => p.Id == old), $"OLD{i}");
            }

            await db.SaveChangesAsync();
        }

        Clock.Advance(TimeSpan.FromDays(179));
        var recent = await NewVariantAsync(2m);
        Clock.Advance(TimeSpan.FromDays(2));

        await using var purger = await OpenAsync();
        var purged = await purger.PurgeActivityLogAsync(batchSize: 2);

        purged.Should().BeGreaterThanOrEqualTo(5, "this test's five old rows are gone (other tests' rows of the same age may go too)");
        (await LogOfAsync<ProductVariant>(old)).Should().BeEmpty();
        (await LogOfAsync<ProductVariant>(recent)).Should().ContainSingle();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task A_bulk_update_logs_each_changed_field_of_each_row_with_the_text_SaveChanges_writes(int count)
    {
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await NewVariantAsync(19.90m));
        }

        var unchanged = await NewVariantAsync(25.1m);
        var available = new DateTime(2026, 3, 1, 9, 30, 15, DateTimeKind.Utc).AddTicks(1_234_560);
        await using (var seed = await OpenAsync("alice"))
        {
            (await seed.ProductVariants.SingleAsync(p => p.Id == unchanged)).AvailableFrom = available;
            await seed.SaveChangesAsync();
        }

        await using var db = await OpenAsync("bulker");

        var update = () => db.ProductVariants.Where(p => ids.Contains(p.Id) || p.Id == unchanged)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 25.10m).SetProperty(p => p.IsActive, false).SetProperty(p => p.AvailableFrom, available));

        if (!CapturesBulkStatements)
        {
            (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate on 'ProductVariant' would change rows without writing the activity log*");
            (await db.ProductVariants.Where(p => ids.Contains(p.Id)).Select(p => p.Price).ToListAsync()).Should().AllBeEquivalentTo(19.90m);
            return;
        }

        (await update()).Should().Be(count + 1);
        var correlations = new HashSet<string?>();
        foreach (var id in ids)
        {
            var rows = (await LogOfAsync<ProductVariant>(id)).Where(r => r.Action != "CREATE").OrderBy(r => r.ChangedField).ToList();
            rows.Select(r => (r.Action, r.ChangedField, r.OldValue, r.NewValue, r.ActorId)).Should().Equal(
                ("UPDATE", "AvailableFrom", null, "2026-03-01T09:30:15.123456Z", "bulker"),
                ("UPDATE", "IsActive", "true", "false", "bulker"),
                ("PRICE_CHANGE", "Price", "19.9", "25.1", "bulker"));
            rows.Should().OnlyContain(r => r.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            rows.Should().AllSatisfy(r => r.Timestamp.Should().BeCloseTo(Clock.GetUtcNow().UtcDateTime, TimeSpan.FromMicroseconds(1)));
            correlations.UnionWith(rows.Select(r => r.CorrelationId));
        }

        correlations.Should().ContainSingle("one statement shares one correlation id").Which.Should().NotBeNullOrEmpty();
        var unchangedRows = (await LogOfAsync<ProductVariant>(unchanged)).Where(r => r.Action != "CREATE" && r.ActorId == "bulker").ToList();
        unchangedRows.Should().ContainSingle("only IsActive changed").Which.ChangedField.Should().Be("IsActive");
        (await db.ActivityLog().Where(r => r.CorrelationId == correlations.First()).Select(r => r.Id).Distinct().CountAsync())
            .Should().Be((3 * count) + 1, "every row has a key of its own");
    }

    [Fact]
    public async Task A_bulk_delete_logs_one_DELETE_row_per_row_and_composite_keys_as_SaveChanges_writes_them()
    {
        var bin = Unique("A,1\\x");
        await using (var seed = await OpenAsync("alice"))
        {
            seed.Add(new StockLevel { WarehouseId = 9, Bin = bin, Quantity = 3 });
            await seed.SaveChangesAsync();
        }

        await using var db = await OpenAsync("bulker");
        var delete = () => db.StockLevels.Where(s => s.Bin == bin).ExecuteDelete();

        if (!CapturesBulkStatements)
        {
            delete.Should().Throw<InvalidOperationException>().WithMessage("ExecuteDelete on 'StockLevel'*");
            (await db.StockLevels.CountAsync(s => s.Bin == bin)).Should().Be(1);
            return;
        }

        delete().Should().Be(1);
        var rows = await LogOfAsync<StockLevel>(9, bin);
        rows.Select(r => r.Action).Should().BeEquivalentTo(["CREATE", "DELETE"]);
        rows.Single(r => r.Action == "DELETE").Should().BeEquivalentTo(
            new { EntityId = rows.Single(r => r.Action == "CREATE").EntityId, ActorId = "bulker", ChangedField = (string?)null, OldValue = (string?)null });
    }

    [Fact]
    public async Task A_diff_of_two_versions_masks_redacted_fields_and_leaves_out_the_key_and_unversioned_ones()
    {
        await using var db = await OpenAsync("alice");

        var changes = db.Diff(
            new Supplier { Id = 1, Name = "Acme", Iban = "DE01", Views = 1, Rating = 1 },
            new Supplier { Id = 2, Name = "Acme AG", Iban = "DE02", Views = 9, Rating = 1 });

        changes.Select(c => (c.Field, c.OldValue, c.NewValue)).Should().BeEquivalentTo(
            new (string, object?, object?)[] { ("Name", "Acme", "Acme AG"), ("Iban", ActivityLogEntry.RedactedMask, ActivityLogEntry.RedactedMask) });
    }

    [Fact]
    public async Task A_bulk_update_masks_redacted_fields_and_is_refused_for_a_field_the_database_cannot_write_as_text()
    {
        await using var db = await OpenAsync("alice");
        var supplier = new Supplier { Name = Unique("acme"), Iban = "DE01", Rating = 1.5 };
        db.Add(supplier);
        await db.SaveChangesAsync();

        var iban = () => db.Suppliers.Where(s => s.Id == supplier.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Iban, "DE02"));
        var rating = () => db.Suppliers.Where(s => s.Id == supplier.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Rating, 2.5));

        if (!CapturesBulkStatements)
        {
            await iban.Should().ThrowAsync<InvalidOperationException>();
            return;
        }

        (await iban()).Should().Be(1);
        var row = (await LogOfAsync<Supplier>(supplier.Id)).Should().ContainSingle(r => r.ChangedField == "Iban").Which;
        (row.OldValue, row.NewValue).Should().Be((ActivityLogEntry.RedactedMask, ActivityLogEntry.RedactedMask));
        (await rating.Should().ThrowAsync<InvalidOperationException>()).WithMessage(
            "ExecuteUpdate on 'Supplier' cannot write its history in the same statement: *'Rating' (Double)*");
        (await db.Suppliers.AsNoTracking().SingleAsync(s => s.Id == supplier.Id)).Rating.Should().Be(1.5);
    }

    [Fact]
    public async Task Snake_case_naming_names_the_log_table_and_columns_like_the_seed()
    {
        await using var db = await Contexts.OpenAsync<SnakeCaseActivityDb>("alice", o => o.UseSnakeCaseNamingConvention());
        var shipment = new Shipment { Carrier = Unique("dhl") };
        db.Add(shipment);
        await db.SaveChangesAsync();

        (await Store.ScalarAsync($"SELECT action FROM activity_logs WHERE entity_type = 'Shipment' AND entity_id = '{shipment.Id}'"))
            .Should().Be("CREATE");
        (await Store.ScalarAsync($"SELECT actor_id FROM activity_logs WHERE entity_type = 'Shipment' AND entity_id = '{shipment.Id}'"))
            .Should().Be("alice");
    }

    public void Dispose()
    {
        _contexts?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task A_copy_sent_back_and_saved_with_Update_logs_the_stored_values_as_old(int count)
    {
        List<Supplier> stored;
        await using (var db = await OpenAsync("alice"))
        {
            stored = [.. Enumerable.Range(0, count).Select(i => new Supplier { Name = Unique("stored"), Iban = "DE00", Rating = 2.5 })];
            db.AddRange(stored);
            await db.SaveChangesAsync();
        }

        var sent = stored.Select(s => new Supplier { Id = s.Id, Name = s.Name, Iban = "DE00", Rating = 4, CreatedAt = s.CreatedAt, CreatedBy = s.CreatedBy }).ToList();
        await using (var db = await OpenAsync("bob"))
        {
            db.UpdateRange(sent);
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var ids = stored.Select(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var rows = await check.ActivityLog().Where(r => r.EntityType == nameof(Supplier) && r.ActorId == "bob" && ids.Contains(r.EntityId)).ToListAsync();
        rows.Select(r => (r.Action, r.ChangedField, r.OldValue, r.NewValue)).Should().BeEquivalentTo(
            Enumerable.Repeat(("RATING_CHANGE", "Rating", (string?)"2.5", (string?)"4"), count),
            "the log compares the copy with what the database held: only the rating changed");
    }

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Whether bulk statements write their log rows (else they are refused).</summary>
    protected virtual bool CapturesBulkStatements => false;

    protected static string Q(string identifier) => $"\"{identifier}\"";

    private async Task<List<ActivityLogEntry>> LogOfAsync<TEntity>(params object[] key)
        where TEntity : class
    {
        await using var db = await OpenAsync();
        return await db.ActivityLog().For<TEntity>(key).ToListAsync();
    }

    private async Task<int> NewVariantAsync(decimal price, string? sku = null)
    {
        await using var db = await OpenAsync("alice");
        var variant = new ProductVariant { Sku = sku ?? Unique("sku"), Price = price };
        db.Add(variant);
        await db.SaveChangesAsync();
        return variant.Id;
    }

    private Task<ActivityDb> OpenAsync(string? actor = null) => Contexts.OpenAsync<ActivityDb>(actor);

}
