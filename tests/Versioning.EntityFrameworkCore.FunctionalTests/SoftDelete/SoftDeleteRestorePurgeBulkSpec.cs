using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.SoftDelete;

/// <summary>
/// Soft delete's restore, purge and bulk statements (issue 3 items 1, 2 and 5), run on every provider.
/// </summary>
public abstract class SoftDeleteRestorePurgeBulkSpec(TestStore store) : SoftDeleteSpecBase(store)
{
    [Fact]
    public async Task Restore_undeletes_the_principal_and_what_was_deleted_with_it_only()
    {
        var (contactId, phoneA, phoneB) = await SaveContactWithPhonesAsync();
        await using (var db = await OpenAsync("bob"))
        {
            db.Remove(await db.PhoneNumbers.SingleAsync(p => p.Id == phoneA));
            await db.SaveChangesAsync();
        }

        Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var db = await OpenAsync("bob"))
        {
            db.Remove(await db.Contacts.Include(c => c.PhoneNumbers).SingleAsync(c => c.Id == contactId));
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync("carol"))
        {
            db.Restore(await db.Contacts.IncludeDeleted().SingleAsync(c => c.Id == contactId));
            db.SaveChanges();
        }

        await using var check = await OpenAsync();
        (await check.Contacts.AnyAsync(c => c.Id == contactId)).Should().BeTrue();
        (await check.PhoneNumbers.Where(p => p.ContactId == contactId).Select(p => p.Id).ToListAsync())
            .Should().Equal([phoneB], "phone A was deleted on its own, before the contact");
        var stillDeleted = await check.PhoneNumbers.IncludeDeleted().SingleAsync(p => p.Id == phoneA);
        stillDeleted.DeletedAt.Should().Be(Truncated(Start));
    }

    [Fact]
    public async Task Restore_refuses_an_entity_that_is_not_deleted_or_not_soft_deletable()
    {
        var contactId = await SaveContactAsync();
        await using var db = await OpenAsync("bob");
        var contact = await db.Contacts.SingleAsync(c => c.Id == contactId);
        var note = new ContactNote { ContactId = contactId };

        var notDeleted = () => db.Restore(contact);
        var notSoftDeletable = () => db.RestoreAsync(note);

        notDeleted.Should().Throw<InvalidOperationException>().WithMessage("*'Contact' that is not deleted*");
        (await notSoftDeletable.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*'ContactNote', which does not use soft delete*");
    }

    [Fact]
    public async Task Purge_hard_deletes_only_rows_whose_purge_date_has_passed()
    {
        var due = await SaveContactAsync();
        var boundary = await SaveContactAsync();
        var later = await SaveContactAsync();
        var active = await SaveContactAsync();
        await DeleteContactAsync(due);
        Clock.Advance(TimeSpan.FromHours(1));
        await DeleteContactAsync(boundary);
        Clock.Advance(TimeSpan.FromTicks(10)); // one microsecond
        await DeleteContactAsync(later);
        Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromTicks(10)); // now == boundary's PurgeAt

        await using (var db = await OpenAsync())
        {
            var counts = await db.PurgeAsync();
            counts[typeof(Contact).FullName!].Should().BeGreaterThanOrEqualTo(2);
        }

        await using var check = await OpenAsync();
        var left = await check.Contacts.IncludeDeleted().Where(c => new[] { due, boundary, later, active }.Contains(c.Id))
            .Select(c => c.Id).ToListAsync();
        left.Should().BeEquivalentTo([later, active], "PurgeAt <= now is purged; a future or null PurgeAt never is");

        Clock.Advance(TimeSpan.FromTicks(10));
        await using var db2 = await OpenAsync();
        db2.Purge<Contact>().Should().BeGreaterThanOrEqualTo(1);
        (await db2.Contacts.IncludeDeleted().Where(c => c.Id == later || c.Id == active).Select(c => c.Id).ToListAsync())
            .Should().Equal(active);
    }

    [Fact]
    public async Task Purge_of_a_type_without_retention_is_refused()
    {
        await using var db = await OpenAsync();

        var act = () => db.PurgeAsync<PhoneNumber>();

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*'PhoneNumber', which has no retention*");
    }

    [Fact]
    public async Task ExecuteDelete_soft_deletes_with_actor_time_and_reason()
    {
        var (contactId, phoneA, phoneB) = await SaveContactWithPhonesAsync();
        Clock.Advance(TimeSpan.FromMinutes(2));
        await using (var db = await OpenAsync("bob"))
        {
            using var scope = db.BeginChangeScope(reason: "cleanup");
            (await db.PhoneNumbers.Where(p => p.Id == phoneA).ExecuteDeleteAsync()).Should().Be(1);
        }

        Clock.Advance(TimeSpan.FromMinutes(2));
        await using (var db = await OpenAsync("carol"))
        {
            db.PhoneNumbers.Where(p => p.Id == phoneB).ExecuteDelete().Should().Be(1);
            db.PhoneNumbers.Where(p => p.ContactId == contactId).ExecuteDelete().Should().Be(0, "deleted rows are filtered out");
        }

        await using var check = await OpenAsync();
        var a = await check.PhoneNumbers.IncludeDeleted().SingleAsync(p => p.Id == phoneA);
        (a.IsDeleted, a.DeletedAt, a.DeletedBy, a.DeletedReason).Should().Be((true, Truncated(Start.AddMinutes(2)), "bob", "cleanup"));
        var b = await check.PhoneNumbers.IncludeDeleted().SingleAsync(p => p.Id == phoneB);
        (b.DeletedAt, b.DeletedBy, b.DeletedReason).Should().Be((Truncated(Start.AddMinutes(4)), "carol", null));
    }

    [Fact]
    public async Task ExecuteDelete_under_IgnoreQueryFilters_keeps_an_earlier_deletion_as_it_was()
    {
        var (contactId, phoneA, phoneB) = await SaveContactWithPhonesAsync();
        Clock.Advance(TimeSpan.FromMinutes(2));
        await using (var db = await OpenAsync("bob"))
        {
            using var scope = db.BeginChangeScope(reason: "first");
            (await db.PhoneNumbers.Where(p => p.Id == phoneA).ExecuteDeleteAsync()).Should().Be(1);
        }

        Clock.Advance(TimeSpan.FromMinutes(2));
        await using (var db = await OpenAsync("carol"))
        {
            (await db.PhoneNumbers.IgnoreQueryFilters().Where(p => p.ContactId == contactId).ExecuteDeleteAsync())
                .Should().Be(1, "only the row that was not deleted yet is deleted now");
        }

        await using var check = await OpenAsync();
        var a = await check.PhoneNumbers.IncludeDeleted().SingleAsync(p => p.Id == phoneA);
        (a.DeletedAt, a.DeletedBy, a.DeletedReason).Should().Be((Truncated(Start.AddMinutes(2)), "bob", "first"), "who deleted it first, when and why");
        var b = await check.PhoneNumbers.IncludeDeleted().SingleAsync(p => p.Id == phoneB);
        (b.IsDeleted, b.DeletedAt, b.DeletedBy).Should().Be((true, Truncated(Start.AddMinutes(4)), "carol"));
    }

    [Fact]
    public async Task ExecuteDelete_sets_the_purge_date_of_a_type_with_retention()
    {
        var id = await SaveContactAsync();
        await using (var db = await OpenAsync("bob"))
        {
            await db.Contacts.Where(c => c.Id == id).ExecuteDeleteAsync();
        }

        await using var check = await OpenAsync();
        var values = check.Entry(await check.Contacts.IncludeDeleted().SingleAsync(c => c.Id == id)).Versioning();
        values.PurgeAt.Should().Be(Truncated(Start.AddDays(30)));
        values.DeletedBy.Should().Be("bob");
    }

    [Fact]
    public async Task A_compiled_ExecuteDelete_is_refused_because_each_execution_needs_its_own_time_and_actor()
    {
        var (_, phoneA, _) = await SaveContactWithPhonesAsync();
        await using var db = await OpenAsync("bob");
        var delete = EF.CompileQuery((SoftDeleteDb c, int id) => c.PhoneNumbers.Where(p => p.Id == id).ExecuteDelete());
        var deleteInvoices = EF.CompileQuery((SoftDeleteDb c, int id) => c.Invoices.Where(i => i.Id == id).ExecuteDelete());

        ((Action)(() => delete(db, phoneA))).Should().Throw<InvalidOperationException>()
            .WithMessage("ExecuteDelete on 'PhoneNumber' cannot be a compiled query*time and actor of each execution*");
        (await db.PhoneNumbers.SingleAsync(p => p.Id == phoneA)).IsDeleted.Should().BeFalse();
        deleteInvoices(db, await SaveInvoiceAsync()).Should().Be(1, "a type without a strategy compiles as usual");
    }

    [Fact]
    public async Task ExecuteHardDelete_deletes_rows_for_real()
    {
        var (contactId, phoneA, _) = await SaveContactWithPhonesAsync();
        var invoiceId = await SaveInvoiceAsync();
        await using var db = await OpenAsync("bob");

        (await db.PhoneNumbers.Where(p => p.Id == phoneA).ExecuteHardDeleteAsync()).Should().Be(1);
        db.Invoices.Where(i => i.Id == invoiceId).ExecuteHardDelete().Should().Be(1, "the marker is removed for types without a strategy too");

        (await Store.ScalarAsync($"SELECT COUNT(*) FROM {Quote("PhoneNumbers")} WHERE {Quote("ContactId")} = {contactId}"))
            .Should().BeEquivalentTo(1);
        (await Store.ScalarAsync($"SELECT COUNT(*) FROM {Quote("Invoices")} WHERE {Quote("Id")} = {invoiceId}")).Should().BeEquivalentTo(0);
    }
}
