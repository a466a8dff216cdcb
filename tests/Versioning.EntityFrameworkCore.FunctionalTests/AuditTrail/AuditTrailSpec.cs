using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.FunctionalTests.AuditTrail;

/// <summary>
/// Audit trail versioning (issue 5; seed 'Entity'), run on every provider.
/// </summary>
public abstract class AuditTrailSpec : IDisposable
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(4_567_891);

    protected AuditTrailSpec(TestStore store)
    {
        Store = store;
        Contexts = new SpecContexts(store, Clock, (services, options) => services
            .AddDbContext<AuditTrailDb>(options)
            .AddDbContext<SnakeCaseAuditTrailDb>(options));
    }

    protected TestStore Store { get; }

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected SpecContexts Contexts { get; }

    public void Dispose()
    {
        Contexts.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task An_insert_is_revision_1_current_without_a_root()
    {
        var id = await SaveLegalEntityAsync();

        await using var check = await OpenAsync();
        var entity = await check.LegalEntities.SingleAsync(e => e.Id == id);
        var values = check.Entry(entity).Versioning();
        (values.Revision, values.IsCurrent, values.RootId, values.ModifiedBy).Should().Be((1, true, null, "alice"));
        (values.IsDeleted, values.CreatedBy).Should().Be((false, "alice"));
    }

    [Fact]
    public async Task An_update_keeps_the_old_row_as_a_past_revision_and_the_instance_becomes_the_new_revision()
    {
        var rootId = await SaveLegalEntityAsync("Acme GmbH");
        Clock.Advance(TimeSpan.FromMinutes(1));

        LegalEntity entity;
        await using (var db = await OpenAsync("bob"))
        {
            entity = await db.LegalEntities.SingleAsync(e => e.Id == rootId);
            entity.Name = "Acme AG";
            await db.SaveChangesAsync();

            entity.Id.Should().NotBe(rootId, "the application's instance is the new revision");
            db.Entry(entity).State.Should().Be(EntityState.Unchanged);
            var values = db.Entry(entity).Versioning();
            (values.Revision, values.IsCurrent, values.RootId, values.ModifiedBy).Should().Be((2, true, rootId, "bob"));
        }

        await using var check = await OpenAsync();
        var old = await check.LegalEntities.IgnoreQueryFilters([VersioningQueryFilters.AuditTrail]).SingleAsync(e => e.Id == rootId);
        (old.Name, old.Label).Should().Be(("Acme GmbH", "organization"), "the past revision keeps its values");
        var oldValues = check.Entry(old).Versioning();
        (oldValues.Revision, oldValues.IsCurrent, oldValues.RootId, oldValues.ModifiedBy).Should().Be((1, false, null, "alice"));
        (oldValues.IsDeleted, oldValues.UpdatedBy).Should().Be((false, "alice"), "only IsCurrent is written to the past revision");

        var current = await check.LegalEntities.SingleAsync(e => e.Id == entity.Id);
        current.Name.Should().Be("Acme AG");
        var newValues = check.Entry(current).Versioning();
        (newValues.Revision, newValues.IsCurrent, newValues.RootId, newValues.ModifiedBy).Should().Be((2, true, rootId, "bob"));
        (newValues.CreatedBy, newValues.CreatedAt).Should().Be(("bob", Truncated(Start.AddMinutes(1))), "the revision row is inserted now");
    }

    [Fact]
    public async Task Successive_updates_number_revisions_without_gaps_and_Revisions_lists_them_newest_first_from_any_key()
    {
        var rootId = await SaveLegalEntityAsync("v1");
        var keys = new List<int> { rootId };
        foreach (var name in new[] { "v2", "v3", "v4" })
        {
            await using var db = await OpenAsync("bob");
            var lastId = keys[^1];
            var entity = await db.LegalEntities.SingleAsync(e => e.Id == lastId);
            entity.Name = name;
            await db.SaveChangesAsync();
            keys.Add(entity.Id);
        }

        await using var check = await OpenAsync();
        foreach (var key in new[] { keys[0], keys[2], keys[3] })
        {
            var revisions = await check.LegalEntities.Revisions(key).ToListAsync();
            revisions.Select(r => r.Name).Should().Equal("v4", "v3", "v2", "v1");
            revisions.Select(r => r.Id).Should().Equal(keys[3], keys[2], keys[1], keys[0]);
            revisions.Select(r => check.Entry(r).Versioning().Revision).Should().Equal(4, 3, 2, 1);
        }

        var sync = check.LegalEntities.Revisions(keys[1]).Select(r => EF.Property<int>(r, AuditTrailPropertyNames.Revision)).ToList();
        sync.Should().Equal(4, 3, 2, 1);
        (await check.LegalEntities.IgnoreQueryFilters([VersioningQueryFilters.AuditTrail])
                .Where(e => keys.Contains(e.Id)).Select(e => EF.Property<int?>(e, AuditTrailPropertyNames.RootId)).ToListAsync())
            .Should().BeEquivalentTo(new int?[] { null, rootId, rootId, rootId });
        (await check.LegalEntities.CountAsync(e => keys.Contains(e.Id))).Should().Be(1, "the named filter shows current revisions only");
    }

    [Fact]
    public async Task Several_changes_to_one_entity_in_one_save_make_one_revision()
    {
        var rootId = await SaveLegalEntityAsync("one");
        await using (var db = await OpenAsync("bob"))
        {
            var entity = await db.LegalEntities.SingleAsync(e => e.Id == rootId);
            entity.Name = "two";
            db.ChangeTracker.DetectChanges();
            entity.Label = "changed";
            entity.Name = "three";
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var revisions = await check.LegalEntities.Revisions(rootId).ToListAsync();
        revisions.Should().HaveCount(2);
        (revisions[0].Name, revisions[0].Label).Should().Be(("three", "changed"));
    }

    [Fact]
    public async Task A_client_generated_key_and_clr_bookkeeping_properties_work_the_same()
    {
        var address = new Address { Street = "Main St 1", City = "Berlin" };
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(address);
            db.SaveChanges();
        }

        var rootId = address.Id;
        (address.Revision, address.IsCurrent, address.RootId, address.ModifiedBy).Should().Be((1, true, (Guid?)null, "alice"));
        await using (var db = await OpenAsync("bob"))
        {
            var loaded = db.Addresses.Single(a => a.Id == rootId);
            loaded.City = "Hamburg";
            db.SaveChanges();
            loaded.Id.Should().NotBe(rootId).And.NotBe(Guid.Empty);
            (loaded.Revision, loaded.IsCurrent, loaded.RootId, loaded.ModifiedBy).Should().Be((2, true, (Guid?)rootId, "bob"));
            address = loaded;
        }

        await using var check = await OpenAsync();
        check.Addresses.CurrentRevision(rootId)!.City.Should().Be("Hamburg");
        check.Addresses.AtRevision(address.Id, 1)!.City.Should().Be("Berlin");
        check.Addresses.AtRevision(rootId, 1)!.IsCurrent.Should().BeFalse();
    }

    [Fact]
    public async Task AtRevision_and_CurrentRevision_find_a_revision_from_any_key_and_a_missing_revision_is_null()
    {
        var (rootId, secondId, thirdId) = await SaveThreeRevisionsAsync();

        await using var check = await OpenAsync();
        (await check.LegalEntities.AtRevisionAsync(thirdId, 2))!.Id.Should().Be(secondId);
        check.LegalEntities.AtRevision(rootId, 3)!.Name.Should().Be("third");
        (await check.LegalEntities.AtRevisionAsync(rootId, 4)).Should().BeNull("AtRevision returns null for a revision that does not exist");
        check.LegalEntities.AtRevision(rootId, 0).Should().BeNull();
        check.LegalEntities.AtRevision(int.MaxValue, 1).Should().BeNull("no row has that key");

        var current = await check.LegalEntities.CurrentRevisionAsync(rootId);
        current!.Id.Should().Be(thirdId);
        check.Entry(current).State.Should().Be(EntityState.Unchanged, "the current revision is tracked, ready to be changed");
        check.LegalEntities.CurrentRevision(secondId)!.Id.Should().Be(thirdId);
        check.LegalEntities.CurrentRevision(int.MaxValue).Should().BeNull();
        var wrongType = () => check.LegalEntities.AtRevision(2L, 1);
        wrongType.Should().Throw<ArgumentException>().WithMessage("*'LegalEntity' was given a key of type 'Int64'*is of type 'Int32'*");
    }

    [Fact]
    public async Task A_diff_of_two_revisions_names_the_changed_fields_without_their_keys_and_bookkeeping()
    {
        var (rootId, _, _) = await SaveThreeRevisionsAsync();
        await using var check = await OpenAsync();

        var first = (await check.LegalEntities.AtRevisionAsync(rootId, 1))!;
        var third = (await check.LegalEntities.AtRevisionAsync(rootId, 3))!;

        check.Diff(first, third).Select(c => (c.Field, c.OldValue, c.NewValue)).Should().Equal(("Name", "first", "third"));
        check.Diff(third, third).Should().BeEmpty();
    }

    [Fact]
    public async Task RestoreRevision_writes_a_new_revision_with_the_old_values_and_keeps_history()
    {
        var (rootId, _, thirdId) = await SaveThreeRevisionsAsync();
        await using (var db = await OpenAsync("carol"))
        {
            var current = (await db.LegalEntities.CurrentRevisionAsync(rootId))!;
            await db.RestoreRevisionAsync(current, 1);
            await db.SaveChangesAsync();
            current.Id.Should().NotBe(thirdId);
            (current.Name, current.Label).Should().Be(("first", "organization"));

            db.RestoreRevision(current, 2);
            db.SaveChanges();
        }

        await using var check = await OpenAsync();
        var revisions = await check.LegalEntities.Revisions(rootId).ToListAsync();
        revisions.Select(r => r.Name).Should().Equal("second", "first", "third", "second", "first");
        check.Entry(revisions[0]).Versioning().ModifiedBy.Should().Be("carol");
    }

    [Fact]
    public async Task RestoreRevision_to_a_missing_revision_is_a_clear_error_and_changes_nothing()
    {
        var rootId = await SaveLegalEntityAsync();
        await using var db = await OpenAsync("bob");
        var current = (await db.LegalEntities.CurrentRevisionAsync(rootId))!;

        var act = () => db.RestoreRevisionAsync(current, 7);
        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage($"*'LegalEntity' with key '{rootId}' has no revision 7*");
        db.Entry(current).State.Should().Be(EntityState.Unchanged);
    }

    [Fact]
    public async Task A_delete_soft_deletes_the_current_revision_and_keeps_the_past_ones()
    {
        var (rootId, secondId, thirdId) = await SaveThreeRevisionsAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var db = await OpenAsync("dave"))
        {
            db.Remove((await db.LegalEntities.CurrentRevisionAsync(rootId))!);
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        (await check.LegalEntities.CurrentRevisionAsync(rootId)).Should().BeNull("the soft-delete filter hides the deleted entity");
        var deleted = await check.LegalEntities.IncludeDeleted().SingleAsync(e => e.Id == thirdId);
        var values = check.Entry(deleted).Versioning();
        (values.IsDeleted, values.DeletedBy, values.DeletedAt, values.IsCurrent).Should().Be((true, "dave", Truncated(Start.AddMinutes(5)), true));
        (await check.LegalEntities.IncludeDeleted().CountAsync(e => e.Id == rootId || e.Id == secondId))
            .Should().Be(0, "IncludeDeleted lifts the soft-delete filter only, past revisions stay hidden");
        var revisions = await check.LegalEntities.Revisions(secondId).ToListAsync();
        revisions.Should().HaveCount(3, "nothing is hard-deleted");
        revisions.Skip(1).Select(r => check.Entry(r).Versioning().IsDeleted).Should().AllBeEquivalentTo(false);

        check.Restore(deleted);
        await check.SaveChangesAsync();
        (await check.LegalEntities.CurrentRevisionAsync(rootId))!.Id.Should().Be(thirdId, "a restore is written in place");
        (await check.LegalEntities.Revisions(rootId).CountAsync()).Should().Be(3);
    }

    [Fact]
    public async Task Rows_referencing_an_older_revision_keep_referencing_it()
    {
        var rootId = await SaveLegalEntityAsync("signed as");
        int contractId;
        await using (var db = await OpenAsync("alice"))
        {
            var contract = new Contract { Title = "Lease", LegalEntityId = rootId };
            db.Add(contract);
            await db.SaveChangesAsync();
            contractId = contract.Id;
        }

        await using (var db = await OpenAsync("bob"))
        {
            var contract = await db.Contracts.Include(c => c.LegalEntity).SingleAsync(c => c.Id == contractId);
            var entity = contract.LegalEntity!;
            entity.Name = "renamed";
            await db.SaveChangesAsync();

            entity.Id.Should().NotBe(rootId);
            contract.LegalEntityId.Should().Be(rootId);
            contract.LegalEntity.Should().NotBeSameAs(entity);
        }

        (await Store.ScalarAsync($"SELECT {Quote("LegalEntityId")} FROM {Quote("Contracts")} WHERE {Quote("Id")} = {contractId}"))
            .Should().BeEquivalentTo(rootId);
    }

    [Fact]
    public async Task Two_contexts_updating_the_same_revision_one_wins_the_other_gets_a_concurrency_exception()
    {
        var rootId = await SaveLegalEntityAsync("base");
        await using var first = await OpenAsync("bob");
        await using var second = await OpenAsync("carol");
        var mine = await first.LegalEntities.SingleAsync(e => e.Id == rootId);
        var theirs = await second.LegalEntities.SingleAsync(e => e.Id == rootId);
        mine.Name = "bob's";
        theirs.Name = "carol's";

        await first.SaveChangesAsync();
        var act = () => second.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateConcurrencyException>();
        theirs.Id.Should().Be(rootId, "the failed save is undone");
        second.Entry(theirs).State.Should().Be(EntityState.Modified);

        await using var check = await OpenAsync();
        var revisions = await check.LegalEntities.Revisions(rootId).ToListAsync();
        revisions.Select(r => (r.Name, check.Entry(r).Versioning().Revision, check.Entry(r).Versioning().IsCurrent))
            .Should().Equal(("bob's", 2, true), ("base", 1, false));
    }

    [Fact]
    public async Task A_failed_save_leaves_nothing_behind_and_a_retry_writes_one_revision()
    {
        var rootId = await SaveLegalEntityAsync("before");
        var otherId = await SaveLegalEntityAsync("other");
        await using var db = await OpenAsync("bob");
        var entity = await db.LegalEntities.SingleAsync(e => e.Id == rootId);
        entity.Name = "after";
        var clash = new Contract { Title = "dangling", LegalEntityId = int.MaxValue };
        db.Add(clash);

        var act = () => db.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateException>();

        entity.Id.Should().Be(rootId);
        var entry = db.Entry(entity);
        entry.State.Should().Be(EntityState.Modified);
        (entry.Versioning().Revision, entry.Versioning().IsCurrent).Should().Be((1, true));
        db.ChangeTracker.Entries<LegalEntity>().Should().ContainSingle("the past-revision clone is gone");
        (await Store.ScalarAsync(CountFamilySql(rootId))).Should().BeEquivalentTo(1);

        clash.LegalEntityId = otherId;
        await db.SaveChangesAsync();
        entity.Id.Should().NotBe(rootId);

        await using var check = await OpenAsync();
        (await check.LegalEntities.Revisions(rootId).Select(e => e.Name).ToListAsync()).Should().Equal("after", "before");
    }

    [Fact]
    public async Task Writing_a_past_revision_is_refused()
    {
        var (rootId, _, _) = await SaveThreeRevisionsAsync();
        await using var db = await OpenAsync("bob");
        var past = (await db.LegalEntities.AtRevisionAsync(rootId, 1))!;
        past.Name = "rewritten";

        var act = () => db.SaveChangesAsync();
        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*past revision*never rewrites history*");
        db.Entry(past).State.Should().Be(EntityState.Modified, "the refused save leaves the tracker as it was");

        await using var check = await OpenAsync();
        (await check.LegalEntities.AtRevisionAsync(rootId, 1))!.Name.Should().Be("first");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task A_bulk_update_writes_a_new_revision_of_each_current_row_and_keeps_the_old_one_as_a_past_revision(int count)
    {
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await SaveLegalEntityAsync("bulk" + i));
        }

        var (rootId, secondId, thirdId) = await SaveThreeRevisionsAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using var db = await OpenAsync("bob");

        // With the query filters off, which would reach the past revisions too: only current revisions get a new one.
        var update = () => db.LegalEntities.IgnoreQueryFilters()
            .Where(e => ids.Contains(e.Id) || e.Id == rootId || e.Id == secondId || e.Id == thirdId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Name, e => e.Name + "+bulk"));

        if (!CapturesBulkStatements)
        {
            (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate cannot run on 'LegalEntity'*audit trail*");
            (await db.LegalEntities.CountAsync(e => e.Name.EndsWith("+bulk"))).Should().Be(0);
            return;
        }

        (await update()).Should().Be(count + 1, "one new revision per current row, counted as EF counts updated rows");
        await using var check = await OpenAsync();
        foreach (var id in ids)
        {
            var family = await check.LegalEntities.IgnoreQueryFilters().Where(e => e.Id == id || EF.Property<int?>(e, "RootId") == id)
                .OrderBy(e => EF.Property<int>(e, "Revision")).ToListAsync();
            family.Should().HaveCount(2);
            var (old, current) = (family[0], family[1]);
            (old.Id, old.Name, current.Name, current.Label, current.RegistrationNumber)
                .Should().Be((id, family[0].Name, old.Name + "+bulk", old.Label, old.RegistrationNumber), "the new revision copies what the update does not set");
            var oldValues = check.Entry(old).Versioning();
            (oldValues.Revision, oldValues.IsCurrent, oldValues.RootId, oldValues.ModifiedBy, oldValues.UpdatedBy).Should().Be((1, false, null, "alice", "alice"),
                "only IsCurrent is written to the past revision");
            var newValues = check.Entry(current).Versioning();
            (newValues.Revision, newValues.IsCurrent, newValues.RootId, newValues.ModifiedBy, newValues.IsDeleted).Should().Be((2, true, id, "bob", false));
            (newValues.CreatedBy, newValues.CreatedAt, newValues.UpdatedBy, newValues.UpdatedAt)
                .Should().Be(("bob", Truncated(Start.AddMinutes(1)), "bob", Truncated(Start.AddMinutes(1))), "the revision row is inserted now");
        }

        (await check.LegalEntities.Revisions(thirdId).Select(e => e.Name).ToListAsync())
            .Should().Equal(["third+bulk", "third", "second", "first"], "past revisions are never rewritten");
    }

    [Fact]
    public async Task A_bulk_update_of_the_audit_trail_bookkeeping_or_a_hard_delete_is_refused_naming_the_entity()
    {
        var rootId = await SaveLegalEntityAsync("bulk");
        await using var db = await OpenAsync("bob");

        var revision = () => db.LegalEntities.Where(e => e.Id == rootId).ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<int>(e, "Revision"), 7));
        (await revision.Should().ThrowAsync<InvalidOperationException>()).WithMessage(CapturesBulkStatements
            ? "ExecuteUpdate sets 'LegalEntity.Revision', which the audit trail maintains*"
            : "ExecuteUpdate cannot run on 'LegalEntity'*audit trail*");
        var hardDelete = () => db.Addresses.ExecuteHardDeleteAsync();
        (await hardDelete.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteHardDelete cannot run on 'Address'*");

        (await db.LegalEntities.SingleAsync(e => e.Id == rootId)).Name.Should().Be("bulk");
        (await db.LegalEntities.IgnoreQueryFilters().CountAsync(e => e.Id == rootId || EF.Property<int?>(e, "RootId") == rootId)).Should().Be(1);
    }

    [Fact]
    public async Task A_bulk_update_of_client_generated_keys_gives_each_new_revision_a_new_key()
    {
        Guid id;
        await using (var seed = await OpenAsync("alice"))
        {
            var address = new Address { Street = "Main 1", City = "Bonn" };
            seed.Add(address);
            await seed.SaveChangesAsync();
            id = address.Id;
        }

        await using var db = await OpenAsync("bob");
        var update = () => db.Addresses.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.City, "Köln"));
        if (!CapturesBulkStatements)
        {
            (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate cannot run on 'Address'*audit trail*");
            return;
        }

        (await update()).Should().Be(1);
        var current = await db.Addresses.AsNoTracking().SingleAsync(a => a.RootId == id);
        (current.City, current.Street, current.Revision, current.IsCurrent, current.ModifiedBy).Should().Be(("Köln", "Main 1", 2, true, "bob"));
        current.Id.Should().NotBe(id).And.NotBe(Guid.Empty);
        (await db.Addresses.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id)).Should()
            .BeEquivalentTo(new { City = "Bonn", Revision = 1, IsCurrent = false, ModifiedBy = "alice" });
    }

    [Fact]
    public async Task A_bulk_update_of_bookkeeping_only_is_written_in_place_to_current_revisions_and_never_to_a_past_one()
    {
        var (rootId, secondId, thirdId) = await SaveThreeRevisionsAsync();
        await using var db = await OpenAsync("bob");

        // Even with the query filters off, which would reach the past revisions too.
        var updated = await db.LegalEntities.IgnoreQueryFilters().Where(e => e.Id == rootId || e.Id == secondId || e.Id == thirdId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<string?>(e, "DeletedReason"), "noted"));

        updated.Should().Be(1, "only the current revision is written, in place");
        await using var check = await OpenAsync();
        (await check.LegalEntities.IgnoreQueryFilters().Where(e => e.Id == rootId || e.Id == secondId || e.Id == thirdId)
                .Select(e => new { e.Id, Reason = EF.Property<string?>(e, "DeletedReason") }).ToListAsync())
            .Should().BeEquivalentTo([new { Id = rootId, Reason = (string?)null }, new { Id = secondId, Reason = (string?)null }, new { Id = thirdId, Reason = (string?)"noted" }]);
    }

    /// <summary>Whether the provider writes a bulk update's revisions with the statement (PostgreSQL); elsewhere it is refused.</summary>
    protected virtual bool CapturesBulkStatements => false;

    [Fact]
    public async Task A_bulk_delete_soft_deletes_the_current_revisions_in_place_as_SaveChanges_does_and_never_a_past_one()
    {
        var (rootId, secondId, thirdId) = await SaveThreeRevisionsAsync();
        await using var db = await OpenAsync("bob");

        // Even with the query filters off, which would reach the past revisions too.
        var deleted = await db.LegalEntities.IgnoreQueryFilters().Where(e => e.Id == rootId || e.Id == secondId || e.Id == thirdId).ExecuteDeleteAsync();

        deleted.Should().Be(1, "only the current revision is deleted");
        await using var check = await OpenAsync();
        var revisions = await check.LegalEntities.IgnoreQueryFilters().Where(e => e.Id == rootId || e.Id == secondId || e.Id == thirdId)
            .Select(e => new { e.Id, Deleted = EF.Property<bool>(e, "IsDeleted"), By = EF.Property<string?>(e, "DeletedBy"), e.Name })
            .ToListAsync();
        revisions.Should().BeEquivalentTo(
        [
            new { Id = rootId, Deleted = false, By = (string?)null, Name = "first" },
            new { Id = secondId, Deleted = false, By = (string?)null, Name = "second" },
            new { Id = thirdId, Deleted = true, By = (string?)"bob", Name = "third" },
        ]);
        (await check.LegalEntities.CountAsync(e => e.Id == thirdId)).Should().Be(0, "a soft-deleted current revision is filtered out");
    }

    [Fact]
    public async Task Snake_case_names_the_audit_trail_columns()
    {
        await using var db = await Contexts.OpenAsync<SnakeCaseAuditTrailDb>("alice", o => o.UseSnakeCaseNamingConvention());
        var method = new PaymentMethod { Iban = "DE01" };
        db.Add(method);
        await db.SaveChangesAsync();
        var rootId = method.Id;
        method.Iban = "DE02";
        await db.SaveChangesAsync();

        (await Store.ScalarAsync(
                $"SELECT COUNT(*) FROM payment_methods WHERE (id = {rootId} AND revision = 1 AND NOT is_current AND root_id IS NULL) "
                + $"OR (id = {method.Id} AND revision = 2 AND is_current AND root_id = {rootId} AND modified_by = 'alice' AND NOT is_deleted)"))
            .Should().BeEquivalentTo(2);
        (await db.PaymentMethods.Revisions(method.Id).Select(p => p.Iban).ToListAsync()).Should().Equal("DE02", "DE01");
    }

    protected virtual string Quote(string identifier) => $"\"{identifier}\"";

    private string CountFamilySql(int rootId)
        => $"SELECT COUNT(*) FROM {Quote("LegalEntities")} WHERE {Quote("Id")} = {rootId} OR {Quote("RootId")} = {rootId}";

    private static DateTime Truncated(DateTimeOffset time)
        => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);

    private Task<AuditTrailDb> OpenAsync(string? actor = null) => Contexts.OpenAsync<AuditTrailDb>(actor);

    private async Task<int> SaveLegalEntityAsync(string name = "Acme")
    {
        await using var db = await OpenAsync("alice");
        var entity = new LegalEntity { Name = name, Label = "organization", RegistrationNumber = Guid.NewGuid().ToString("N") };
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity.Id;
    }

    private async Task<(int Root, int Second, int Third)> SaveThreeRevisionsAsync()
    {
        var rootId = await SaveLegalEntityAsync("first");
        await using var db = await OpenAsync("bob");
        var entity = await db.LegalEntities.SingleAsync(e => e.Id == rootId);
        entity.Name = "second";
        await db.SaveChangesAsync();
        var secondId = entity.Id;
        entity.Name = "third";
        await db.SaveChangesAsync();
        return (rootId, secondId, entity.Id);
    }
}
