using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.SoftDelete;

/// <summary>
/// Soft delete (issue 3 items 1, 2 and 5), written once and run on every provider by the derived classes.
/// </summary>
public abstract class SoftDeleteSpec(TestStore store) : SoftDeleteSpecBase(store)
{
    [Fact]
    public async Task Removing_a_soft_deletable_entity_flags_the_row_instead_of_deleting_it()
    {
        var id = await SaveContactAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));

        await using (var db = await OpenAsync("bob"))
        {
            using var scope = db.BeginChangeScope(reason: "GDPR request");
            db.Remove(await db.Contacts.SingleAsync(c => c.Id == id));
            await db.SaveChangesAsync();
        }

        (await Store.ScalarAsync($"SELECT COUNT(*) FROM {Quote("Contacts")} WHERE {Quote("Id")} = {id}")).Should().BeEquivalentTo(1);
        await using var check = await OpenAsync();
        (await check.Contacts.AnyAsync(c => c.Id == id)).Should().BeFalse("the query filter hides deleted rows");
        var deleted = await check.Contacts.IncludeDeleted().SingleAsync(c => c.Id == id);
        var values = check.Entry(deleted).Versioning();
        values.IsDeleted.Should().BeTrue();
        values.DeletedAt.Should().Be(Truncated(Start.AddMinutes(1)));
        values.DeletedBy.Should().Be("bob");
        values.DeletedReason.Should().Be("GDPR request");
        values.PurgeAt.Should().Be(Truncated(Start.AddMinutes(1).AddDays(30)));
    }

    [Fact]
    public async Task A_soft_delete_does_not_stamp_an_update_but_a_restore_does()
    {
        var id = await SaveContactAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await OpenAsync("bob"))
        {
            db.Remove(await db.Contacts.SingleAsync(c => c.Id == id));
            await db.SaveChangesAsync();
        }

        await using (var check = await OpenAsync())
        {
            var values = check.Entry(await check.Contacts.IncludeDeleted().SingleAsync(c => c.Id == id)).Versioning();
            values.UpdatedAt.Should().Be(Truncated(Start), "DeletedAt/DeletedBy record the deletion; UpdatedAt is the last change of values");
            values.UpdatedBy.Should().Be("alice");
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await OpenAsync("carol"))
        {
            await db.RestoreAsync(await db.Contacts.IncludeDeleted().SingleAsync(c => c.Id == id));
            await db.SaveChangesAsync();
        }

        await using var after = await OpenAsync();
        var restored = after.Entry(await after.Contacts.SingleAsync(c => c.Id == id)).Versioning();
        restored.UpdatedAt.Should().Be(Truncated(Start.AddMinutes(2)));
        restored.UpdatedBy.Should().Be("carol");
        restored.IsDeleted.Should().BeFalse();
        restored.DeletedAt.Should().BeNull();
        restored.DeletedBy.Should().BeNull();
        restored.DeletedReason.Should().BeNull();
        restored.PurgeAt.Should().BeNull();
    }

    [Fact]
    public async Task Deleted_rows_are_hidden_from_queries_includes_and_navigation_loading()
    {
        var (contactId, kept, deleted) = await SaveContactWithPhonesAsync();
        await using (var db = await OpenAsync("bob"))
        {
            db.Remove(await db.PhoneNumbers.SingleAsync(p => p.Id == deleted));
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        (await check.PhoneNumbers.Where(p => p.ContactId == contactId).Select(p => p.Id).ToListAsync()).Should().Equal(kept);
        var included = await check.Contacts.Include(c => c.PhoneNumbers).SingleAsync(c => c.Id == contactId);
        included.PhoneNumbers.Select(p => p.Id).Should().Equal(kept);

        await using var lazy = await OpenAsync();
        var contact = await lazy.Contacts.SingleAsync(c => c.Id == contactId);
        await lazy.Entry(contact).Collection(c => c.PhoneNumbers).LoadAsync();
        contact.PhoneNumbers.Select(p => p.Id).Should().Equal(kept);

        await using var all = await OpenAsync();
        var withDeleted = await all.Contacts.IncludeDeleted().Include(c => c.PhoneNumbers).SingleAsync(c => c.Id == contactId);
        withDeleted.PhoneNumbers.Select(p => p.Id).Should().BeEquivalentTo([kept, deleted]);
        (await all.PhoneNumbers.OnlyDeleted().Where(p => p.ContactId == contactId).Select(p => p.Id).ToListAsync()).Should().Equal(deleted);
    }

    [Fact]
    public async Task IncludeDeleted_and_OnlyDeleted_lift_only_the_soft_delete_filter()
    {
        var visible = await SaveContactAsync();
        var hidden = await SaveContactAsync(tenant: "hidden");
        await using (var db = await OpenAsync("bob"))
        {
            db.Contacts.RemoveRange(await db.Contacts.IgnoreQueryFilters().Where(c => c.Id == visible || c.Id == hidden).ToListAsync());
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        (await check.Contacts.IncludeDeleted().Where(c => c.Id == visible || c.Id == hidden).Select(c => c.Id).ToListAsync())
            .Should().Equal([visible], "the application's tenant filter stays in place");
        (await check.Contacts.OnlyDeleted().Where(c => c.Id == visible || c.Id == hidden).Select(c => c.Id).ToListAsync())
            .Should().Equal(visible);
        (await check.Contacts.IgnoreQueryFilters().CountAsync(c => c.Id == visible || c.Id == hidden)).Should().Be(2);
    }

    [Fact]
    public async Task Tracked_soft_deletable_dependents_are_soft_deleted_with_the_principal_whatever_EF_cascaded()
    {
        var (contactId, phoneA, phoneB) = await SaveContactWithPhonesAsync();
        Clock.Advance(TimeSpan.FromMinutes(3));
        await using (var db = await OpenAsync("bob"))
        {
            using var scope = db.BeginChangeScope(reason: "merged");
            var contact = await db.Contacts.Include(c => c.PhoneNumbers).SingleAsync(c => c.Id == contactId);
            db.Remove(contact);
            db.Entry(contact.PhoneNumbers[0]).State.Should().Be(EntityState.Deleted, "EF cascades the delete immediately");
            await db.SaveChangesAsync();
            contact.PhoneNumbers.Should().HaveCount(2, "nothing was detached: the rows still exist");
        }

        await using var check = await OpenAsync();
        var phones = await check.PhoneNumbers.IncludeDeleted().Where(p => p.ContactId == contactId).ToListAsync();
        phones.Select(p => p.Id).Should().BeEquivalentTo([phoneA, phoneB]);
        phones.Should().OnlyContain(p => p.IsDeleted && p.DeletedBy == "bob" && p.DeletedReason == "merged");
        phones.Select(p => p.DeletedAt).Should().AllBeEquivalentTo(Truncated(Start.AddMinutes(3)));
    }

    [Fact]
    public async Task A_cascade_timing_of_OnSaveChanges_still_soft_deletes_tracked_dependents()
    {
        var (contactId, phoneA, _) = await SaveContactWithPhonesAsync();
        await using (var db = await OpenAsync("bob"))
        {
            db.ChangeTracker.CascadeDeleteTiming = CascadeTiming.OnSaveChanges;
            var contact = await db.Contacts.Include(c => c.PhoneNumbers).SingleAsync(c => c.Id == contactId);
            db.Remove(contact);
            db.Entry(contact.PhoneNumbers[0]).State.Should().Be(EntityState.Unchanged);
            await db.SaveChangesAsync();
        }

        await using var check = await OpenAsync();
        (await check.PhoneNumbers.OnlyDeleted().CountAsync(p => p.ContactId == contactId)).Should().Be(2);
        (await check.PhoneNumbers.IncludeDeleted().AnyAsync(p => p.Id == phoneA)).Should().BeTrue();
    }

    [Fact]
    public async Task A_non_soft_deletable_dependent_that_EF_cascaded_fails_the_save_and_nothing_is_written()
    {
        var contactId = await SaveContactAsync();
        int noteId;
        await using (var db = await OpenAsync("alice"))
        {
            var note = new ContactNote { ContactId = contactId, Text = "call back" };
            db.Add(note);
            await db.SaveChangesAsync();
            noteId = note.Id;
        }

        await using (var db = await OpenAsync("bob"))
        {
            var contact = await db.Contacts.Include(c => c.Notes).SingleAsync(c => c.Id == contactId);
            db.Remove(contact);

            var act = () => db.SaveChangesAsync();

            (await act.Should().ThrowAsync<InvalidOperationException>())
                .Which.Message.Should().Contain("'Contact'").And.Contain("'ContactNote'").And.Contain("hard-deleted");
            db.Entry(contact).State.Should().Be(EntityState.Deleted, "the tracker is as the application left it");
            db.Entry(contact).Versioning().IsDeleted.Should().BeFalse();
        }

        await using var check = await OpenAsync();
        (await check.Contacts.AnyAsync(c => c.Id == contactId)).Should().BeTrue();
        (await check.ContactNotes.AnyAsync(n => n.Id == noteId)).Should().BeTrue();
    }

    [Fact]
    public async Task An_untracked_non_soft_deletable_dependent_is_left_untouched()
    {
        var contactId = await SaveContactAsync();
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(new ContactNote { ContactId = contactId, Text = "untracked" });
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync("bob"))
        {
            db.Remove(await db.Contacts.SingleAsync(c => c.Id == contactId));
            await db.SaveChangesAsync();
        }

        (await Store.ScalarAsync($"SELECT COUNT(*) FROM {Quote("ContactNotes")} WHERE {Quote("ContactId")} = {contactId}"))
            .Should().BeEquivalentTo(1, "an UPDATE of the contact fires no database cascade");
    }

    [Fact]
    public async Task A_dependent_on_an_optional_relationship_keeps_referencing_the_soft_deleted_principal()
    {
        var contactId = await SaveContactAsync();
        int invoiceId;
        await using (var db = await OpenAsync("alice"))
        {
            var invoice = new Invoice { ContactId = contactId };
            db.Add(invoice);
            await db.SaveChangesAsync();
            invoiceId = invoice.Id;
        }

        await using (var db = await OpenAsync("bob"))
        {
            var contact = await db.Contacts.Include(c => c.Invoices).SingleAsync(c => c.Id == contactId);
            var invoice = contact.Invoices.Single();
            db.Remove(contact);
            invoice.ContactId.Should().BeNull("EF nulls the foreign key of a tracked optional dependent");
            await db.SaveChangesAsync();
            invoice.ContactId.Should().Be(contactId);
            invoice.Contact.Should().BeSameAs(contact);
        }

        (await Store.ScalarAsync($"SELECT {Quote("ContactId")} FROM {Quote("Invoices")} WHERE {Quote("Id")} = {invoiceId}"))
            .Should().BeEquivalentTo(contactId);
    }

    [Fact]
    public async Task A_failed_save_leaves_the_tracker_as_the_application_left_it_and_a_retry_writes_once()
    {
        var (contactId, phoneA, _) = await SaveContactWithPhonesAsync();
        await using var db = await OpenAsync("bob");
        var contact = await db.Contacts.Include(c => c.PhoneNumbers).SingleAsync(c => c.Id == contactId);
        db.Remove(contact);
        var clash = new Invoice { Id = await SaveInvoiceAsync() };
        db.Add(clash);

        var act = () => db.SaveChangesAsync();
        await act.Should().ThrowAsync<DbUpdateException>();

        db.Entry(contact).State.Should().Be(EntityState.Deleted);
        db.Entry(contact).Versioning().IsDeleted.Should().BeFalse();
        db.Entry(contact).Versioning().DeletedAt.Should().BeNull();
        var phone = contact.PhoneNumbers.Single(p => p.Id == phoneA);
        db.Entry(phone).State.Should().Be(EntityState.Deleted);
        phone.IsDeleted.Should().BeFalse();

        db.Entry(clash).State = EntityState.Detached;
        Clock.Advance(TimeSpan.FromMinutes(1));
        await db.SaveChangesAsync();

        await using var check = await OpenAsync();
        var saved = await check.Contacts.IncludeDeleted().SingleAsync(c => c.Id == contactId);
        check.Entry(saved).Versioning().DeletedAt.Should().Be(Truncated(Start.AddMinutes(1)));
        (await check.PhoneNumbers.OnlyDeleted().CountAsync(p => p.ContactId == contactId)).Should().Be(2);
    }

    [Fact]
    public async Task Entry_versioning_of_a_type_without_soft_delete_says_so()
    {
        await using var db = await OpenAsync();
        var note = new ContactNote();
        db.Attach(note);

        var act = () => db.Entry(note).Versioning().IsDeleted;

        act.Should().Throw<InvalidOperationException>().WithMessage("*'ContactNote' does not use soft delete*");
    }

    [Fact]
    public async Task Snake_case_naming_names_the_soft_delete_columns_like_the_seed()
    {
        await using var db = await Contexts.OpenAsync<SnakeCaseSoftDeleteDb>("alice", o => o.UseSnakeCaseNamingConvention());
        var subscriber = new Subscriber { Email = Unique("snake") + "@example.com" };
        db.Add(subscriber);
        await db.SaveChangesAsync();
        db.Remove(subscriber);
        await db.SaveChangesAsync();

        (await Store.ScalarAsync($"SELECT deleted_by FROM subscribers WHERE id = {subscriber.Id} AND is_deleted")).Should().Be("alice");
        (await Store.ScalarAsync($"SELECT COUNT(*) FROM subscribers WHERE id = {subscriber.Id} AND purge_at > deleted_at AND deleted_reason IS NULL"))
            .Should().BeEquivalentTo(1);
    }
}
