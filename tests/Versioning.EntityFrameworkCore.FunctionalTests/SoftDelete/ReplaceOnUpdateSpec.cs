using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.FunctionalTests.SoftDelete;

/// <summary>
/// Soft delete with new record (issue 3 item 3; seed 'email_addresses'), run on every provider.
/// </summary>
public abstract class ReplaceOnUpdateSpec(TestStore store) : SoftDeleteSpecBase(store)
{
    [Fact]
    public async Task An_update_keeps_the_old_row_flagged_deleted_and_the_instance_becomes_the_new_row()
    {
        var (contactId, oldId, oldEmail) = await SaveEmailAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));

        EmailAddress email;
        await using (var db = await OpenAsync("bob"))
        {
            email = await db.EmailAddresses.SingleAsync(e => e.Id == oldId);
            email.Email = Unique("new") + "@example.com";
            await db.SaveChangesAsync();

            email.Id.Should().NotBe(oldId, "the application's instance is the new row");
            db.Entry(email).State.Should().Be(EntityState.Unchanged);
            db.Entry(email).Property(SoftDeletePropertyNames.ReplacesId).CurrentValue.Should().Be(oldId);
        }

        await using var check = await OpenAsync();
        var old = await check.EmailAddresses.IncludeDeleted().SingleAsync(e => e.Id == oldId);
        (old.Email, old.Label, old.ContactId).Should().Be((oldEmail, "work", contactId), "the old row's values are untouched");
        var oldValues = check.Entry(old).Versioning();
        (oldValues.IsDeleted, oldValues.DeletedBy, oldValues.DeletedReason).Should().Be((true, "bob", "Updated with new information"));
        oldValues.DeletedAt.Should().Be(Truncated(Start.AddMinutes(1)));
        oldValues.UpdatedBy.Should().Be("alice", "nothing but the deletion columns is written to the old row");

        var current = await check.EmailAddresses.SingleAsync(e => e.ContactId == contactId);
        current.Id.Should().Be(email.Id);
        (current.Email, current.Label).Should().Be((email.Email, "work"));
        var newValues = check.Entry(current).Versioning();
        newValues.IsDeleted.Should().BeFalse();
        (newValues.CreatedBy, newValues.CreatedAt).Should().Be(("bob", Truncated(Start.AddMinutes(1))), "the new row is inserted now");
        check.Entry(current).Property(SoftDeletePropertyNames.ReplacesId).CurrentValue.Should().Be(oldId);
    }

    [Fact]
    public async Task The_change_scope_reason_is_the_old_rows_deletion_reason()
    {
        var (_, oldId, _) = await SaveEmailAsync();
        await using (var db = await OpenAsync("bob"))
        {
            using var scope = db.BeginChangeScope(reason: "typo fixed");
            (await db.EmailAddresses.SingleAsync(e => e.Id == oldId)).Label = "home";
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        check.Entry(await check.EmailAddresses.IncludeDeleted().SingleAsync(e => e.Id == oldId)).Versioning().DeletedReason
            .Should().Be("typo fixed");
    }

    [Fact]
    public async Task Rows_that_referenced_the_old_row_keep_referencing_it()
    {
        var (_, oldId, _) = await SaveEmailAsync();
        int messageId;
        await using (var db = await OpenAsync("alice"))
        {
            var message = new Message { Subject = "hello", EmailAddressId = oldId };
            db.Add(message);
            await db.SaveChangesAsync();
            messageId = message.Id;
        }

        await using (var db = await OpenAsync("bob"))
        {
            var email = await db.EmailAddresses.Include(e => e.Messages).SingleAsync(e => e.Id == oldId);
            var message = email.Messages.Single();
            email.Label = "home";
            await db.SaveChangesAsync();

            message.EmailAddressId.Should().Be(oldId);
            email.Messages.Should().BeEmpty("the new row has no messages yet");
            message.EmailAddress.Should().NotBeSameAs(email);
        }

        (await Store.ScalarAsync($"SELECT {Quote("EmailAddressId")} FROM {Quote("Messages")} WHERE {Quote("Id")} = {messageId}"))
            .Should().BeEquivalentTo(oldId);
    }

    [Fact]
    public async Task A_client_generated_key_gets_a_new_value_and_a_clr_ReplacesId()
    {
        var tag = new Tag { Name = Unique("tag") };
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(tag);
            await db.SaveChangesAsync();
        }

        var oldId = tag.Id;
        await using (var db = await OpenAsync("bob"))
        {
            var loaded = await db.Tags.SingleAsync(t => t.Id == oldId);
            loaded.Name += "!";
            db.SaveChanges();
            loaded.Id.Should().NotBe(oldId).And.NotBe(Guid.Empty);
            loaded.ReplacesId.Should().Be(oldId);
            tag = loaded;
        }

        await using var check = await OpenAsync();
        (await check.Tags.SingleAsync(t => t.Id == tag.Id)).Name.Should().EndWith("!");
        (await check.Tags.OnlyDeleted().SingleAsync(t => t.Id == oldId)).Name.Should().NotEndWith("!");
    }

    [Fact]
    public async Task Successive_updates_chain_the_rows()
    {
        var (contactId, firstId, _) = await SaveEmailAsync();
        await using (var db = await OpenAsync("bob"))
        {
            var email = await db.EmailAddresses.SingleAsync(e => e.Id == firstId);
            email.Label = "second";
            await db.SaveChangesAsync();
            email.Label = "third";
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        var rows = await check.EmailAddresses.IncludeDeleted().Where(e => e.ContactId == contactId).ToListAsync();
        rows.Should().HaveCount(3);
        var third = rows.Single(r => r.Label == "third");
        var second = rows.Single(r => r.Label == "second");
        check.Entry(third).Property(SoftDeletePropertyNames.ReplacesId).CurrentValue.Should().Be(second.Id);
        check.Entry(second).Property(SoftDeletePropertyNames.ReplacesId).CurrentValue.Should().Be(firstId);
        (await check.EmailAddresses.Where(e => e.ContactId == contactId).Select(e => e.Id).ToListAsync()).Should().Equal(third.Id);
    }

    [Fact]
    public async Task Delete_and_restore_of_a_replace_on_update_entity_write_in_place()
    {
        var (contactId, id, _) = await SaveEmailAsync();
        await using (var db = await OpenAsync("bob"))
        {
            db.Remove(await db.EmailAddresses.SingleAsync(e => e.Id == id));
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync("bob"))
        {
            var email = await db.EmailAddresses.IncludeDeleted().SingleAsync(e => e.Id == id);
            await db.RestoreAsync(email);
            await db.SaveChangesAsync();
            email.Id.Should().Be(id, "a restore changes only bookkeeping, so it is not a replacement");
        }

        await using var check = await OpenAsync();
        (await check.EmailAddresses.IncludeDeleted().CountAsync(e => e.ContactId == contactId)).Should().Be(1);
        (await check.EmailAddresses.CountAsync(e => e.Id == id)).Should().Be(1);
    }

    [Fact]
    public async Task Deleting_a_contact_soft_deletes_its_tracked_email_addresses_and_restore_brings_them_back()
    {
        var (contactId, emailId, _) = await SaveEmailAsync();
        await using (var db = await OpenAsync("bob"))
        {
            db.Remove(await db.Contacts.Include(c => c.EmailAddresses).SingleAsync(c => c.Id == contactId));
            await db.SaveChangesAsync();
        }

        await using (var check = await OpenAsync())
        {
            (await check.EmailAddresses.OnlyDeleted().Select(e => e.Id).SingleAsync(e => e == emailId)).Should().Be(emailId);
        }

        await using (var db = await OpenAsync("carol"))
        {
            await db.RestoreAsync(await db.Contacts.IncludeDeleted().SingleAsync(c => c.Id == contactId));
            await db.SaveChangesAsync();
        }

        await using var after = await OpenAsync();
        (await after.EmailAddresses.Where(e => e.ContactId == contactId).Select(e => e.Id).ToListAsync()).Should().Equal(emailId);
    }

    [Fact]
    public async Task A_failed_save_puts_the_instance_back_under_its_old_key_and_a_retry_writes_once()
    {
        var (contactId, oldId, _) = await SaveEmailAsync();
        var existingInvoice = await SaveInvoiceAsync();
        await using var db = await OpenAsync("bob");
        var email = await db.EmailAddresses.Include(e => e.Contact).SingleAsync(e => e.Id == oldId);
        var newAddress = Unique("retry") + "@example.com";
        email.Email = newAddress;
        var clash = new Invoice { Id = existingInvoice };
        db.Add(clash);

        var act = () => db.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateException>();

        email.Id.Should().Be(oldId);
        var entry = db.Entry(email);
        entry.State.Should().Be(EntityState.Modified);
        entry.Property(e => e.Email).IsModified.Should().BeTrue();
        entry.Property(e => e.Email).CurrentValue.Should().Be(newAddress);
        entry.Property(SoftDeletePropertyNames.ReplacesId).CurrentValue.Should().BeNull();
        entry.Versioning().IsDeleted.Should().BeFalse();
        db.ChangeTracker.Entries<EmailAddress>().Should().ContainSingle("the old-row clone is gone");
        email.Contact!.EmailAddresses.Should().Contain(email);

        db.Entry(clash).State = EntityState.Detached;
        await db.SaveChangesAsync();
        email.Id.Should().NotBe(oldId);

        await using var check = await OpenAsync();
        (await check.EmailAddresses.IncludeDeleted().CountAsync(e => e.ContactId == contactId)).Should().Be(2);
        (await check.EmailAddresses.SingleAsync(e => e.ContactId == contactId)).Email.Should().Be(newAddress);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task A_bulk_update_keeps_the_old_rows_flagged_deleted_and_inserts_the_new_records(int count)
    {
        var olds = new List<(int Contact, int Email, string Address)>();
        for (var i = 0; i < count; i++)
        {
            olds.Add(await SaveEmailAsync());
        }

        var ids = olds.Select(o => o.Email).ToList();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using var db = await OpenAsync("bob");
        using var scope = db.BeginChangeScope(reason: "relabelled");

        var update = () => db.EmailAddresses.Where(e => ids.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.Label, e => e.Label + "+bulk"));

        if (!CapturesBulkStatements)
        {
            (await update.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*ExecuteUpdate cannot run on 'EmailAddress'*ReplaceOnUpdate*");
            (await db.EmailAddresses.CountAsync(e => ids.Contains(e.Id) && e.Label == "work")).Should().Be(count);
            return;
        }

        (await update()).Should().Be(count, "one new record per row, counted as EF counts updated rows");
        await using var check = await OpenAsync();
        foreach (var (contactId, oldId, address) in olds)
        {
            var old = await check.EmailAddresses.IncludeDeleted().SingleAsync(e => e.Id == oldId);
            (old.Email, old.Label, old.ContactId).Should().Be((address, "work", contactId), "the old row's values are untouched");
            var oldValues = check.Entry(old).Versioning();
            (oldValues.IsDeleted, oldValues.DeletedBy, oldValues.DeletedReason, oldValues.DeletedAt).Should().Be((true, "bob", "relabelled", Truncated(Start.AddMinutes(1))));
            oldValues.UpdatedBy.Should().Be("alice", "nothing but the deletion columns is written to the old row");

            var current = await check.EmailAddresses.SingleAsync(e => e.ContactId == contactId);
            current.Id.Should().NotBe(oldId);
            (current.Email, current.Label).Should().Be((address, "work+bulk"));
            var newValues = check.Entry(current).Versioning();
            (newValues.IsDeleted, newValues.CreatedBy, newValues.CreatedAt, newValues.UpdatedBy).Should().Be((false, "bob", Truncated(Start.AddMinutes(1)), "bob"), "the new row is inserted now");
            check.Entry(current).Property(SoftDeletePropertyNames.ReplacesId).CurrentValue.Should().Be(oldId);
        }

        (await db.EmailAddresses.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync()).Should().Be(0, "the replaced rows are deleted already");
    }

    [Fact]
    public async Task A_bulk_update_of_bookkeeping_only_is_written_in_place_and_of_ReplacesId_refused()
    {
        var (_, id, _) = await SaveEmailAsync();
        await using var db = await OpenAsync("bob");

        var replaces = () => db.EmailAddresses.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<int?>(e, SoftDeletePropertyNames.ReplacesId), 7));
        (await replaces.Should().ThrowAsync<InvalidOperationException>()).WithMessage(CapturesBulkStatements
            ? "ExecuteUpdate sets 'EmailAddress.ReplacesId', which soft delete maintains*"
            : "*ExecuteUpdate cannot run on 'EmailAddress'*ReplaceOnUpdate*");

        (await db.EmailAddresses.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<string?>(e, "DeletedReason"), "note")))
            .Should().Be(1, "bookkeeping is written in place, as SaveChanges does");
        (await db.EmailAddresses.IncludeDeleted().CountAsync(e => e.Id == id || EF.Property<int?>(e, SoftDeletePropertyNames.ReplacesId) == id)).Should().Be(1);
        (await db.EmailAddresses.Where(e => e.Id == id).ExecuteDeleteAsync()).Should().Be(1, "a bulk delete is still a soft delete");
        (await db.EmailAddresses.OnlyDeleted().CountAsync(e => e.Id == id)).Should().Be(1);
    }

    /// <summary>Whether the provider writes a bulk update's new records with the statement (PostgreSQL); elsewhere it is refused.</summary>
    protected virtual bool CapturesBulkStatements => false;

    protected async Task<(int Contact, int Email, string Address)> SaveEmailAsync()
    {
        await using var db = await OpenAsync("alice");
        var address = Unique("old") + "@example.com";
        var contact = new Contact { Name = Unique("contact"), EmailAddresses = [new() { Label = "work", Email = address }] };
        db.Add(contact);
        await db.SaveChangesAsync();
        return (contact.Id, contact.EmailAddresses[0].Id, address);
    }
}
