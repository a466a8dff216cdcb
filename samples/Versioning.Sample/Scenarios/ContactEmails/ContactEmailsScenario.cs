using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.Sample.Infrastructure;

namespace Versioning.Sample.Scenarios.ContactEmails;

/// <summary>
/// The seed's 'Soft Delete with New Record' strategy on its 'email_addresses' example, with the purge dates of the
/// tenant-migration seed: delete one address, update another (the old row stays, flagged, and a new row replaces it),
/// restore the deleted one, then purge what has passed its retention.
/// </summary>
internal sealed class ContactEmailsScenario : IScenario
{
    private static readonly string[] Columns =
    [
        nameof(EmailAddress.Id), nameof(EmailAddress.Label), nameof(EmailAddress.Email),
        SoftDeletePropertyNames.IsDeleted, SoftDeletePropertyNames.DeletedAt, SoftDeletePropertyNames.DeletedBy,
        SoftDeletePropertyNames.DeletedReason, SoftDeletePropertyNames.PurgeAt, SoftDeletePropertyNames.ReplacesId,
    ];

    public string Name => "Soft delete with new record: a contact's email addresses";

    public async Task RunAsync(SampleHost host)
    {
        var contactId = await CreateContactAsync(host);
        host.Clock.Advance(TimeSpan.FromHours(1));
        await DeleteHomeAddressAsync(host);
        host.Clock.Advance(TimeSpan.FromHours(1));
        await UpdateWorkAddressAsync(host);
        host.Clock.Advance(TimeSpan.FromDays(1));
        await RestoreHomeAddressAsync(host);
        host.Clock.Advance(TimeSpan.FromDays(30));
        await PurgeAsync(host, contactId);
    }

    private static async Task<int> CreateContactAsync(SampleHost host)
    {
        host.Step("alice", "creates the contact Ada Lovelace with a work and a home address");
        var contact = new Contact
        {
            Name = "Ada Lovelace",
            EmailAddresses =
            [
                new EmailAddress { Label = "work", Email = "ada@analytical-engines.example" },
                new EmailAddress { Label = "home", Email = "ada@home.example" },
            ],
        };
        await host.RunAsAsync("alice", async db =>
        {
            db.Add(contact);
            await db.SaveChangesAsync();
        });
        await PrintAddressesAsync(host, "two active rows; the deletion columns are empty");
        return contact.Id;
    }

    private static async Task DeleteHomeAddressAsync(SampleHost host)
    {
        host.Step("bob", "removes the home address (Remove + SaveChanges), giving a reason in a change scope");
        await host.RunAsAsync("bob", async db =>
        {
            using var scope = db.BeginChangeScope(reason: "Contact asked us to stop using it");
            db.Remove(await db.Set<EmailAddress>().SingleAsync(e => e.Label == "home"));
            await db.SaveChangesAsync();
            host.Note($"active addresses now: {await db.Set<EmailAddress>().CountAsync()} (the query filter hides deleted rows)");
        });
        await PrintAddressesAsync(host, "an UPDATE, not a DELETE: the row is flagged, with who, when, why and a purge date 30 days on");
    }

    private static async Task UpdateWorkAddressAsync(SampleHost host)
    {
        host.Step("bob", "corrects the work address");
        await host.RunAsAsync("bob", async db =>
        {
            var work = await db.Set<EmailAddress>().SingleAsync(e => e.Label == "work");
            var oldId = work.Id;
            work.Email = "ada.lovelace@analytical-engines.example";
            await db.SaveChangesAsync();
            host.Note($"the application's instance is the new row: its id went from {oldId} to {work.Id}");
        });
        await PrintAddressesAsync(host, "the old row keeps its address, flagged 'Updated with new information'; the new row replaces_id it");
    }

    private static async Task RestoreHomeAddressAsync(SampleHost host)
    {
        host.Step("carol", "restores the home address the next day");
        await host.RunAsAsync("carol", async db =>
        {
            var home = await db.Set<EmailAddress>().OnlyDeleted().SingleAsync(e => e.Label == "home");
            await db.RestoreAsync(home);
            await db.SaveChangesAsync();
        });
        await PrintAddressesAsync(host, "all five deletion columns are cleared");
    }

    private static async Task PurgeAsync(SampleHost host, int contactId)
    {
        host.Step("purge job", "runs 31 days later");
        await host.RunAsAsync("purge-job", async db =>
        {
            var counts = await db.PurgeAsync();
            foreach (var (entityType, count) in counts)
            {
                host.Note($"{entityType}: {count} row(s) purged");
            }

            var contact = await db.Set<Contact>().SingleAsync(c => c.Id == contactId);
            host.Note($"{contact.Name} is untouched: only deleted rows whose purge_at has passed are purged");
        });
        await PrintAddressesAsync(host, "the replaced row is gone for good; the active and the restored rows stay");
    }

    private static async Task PrintAddressesAsync(SampleHost host, string expectation)
    {
        host.Note(expectation);
        var table = await host.ReadAsync(async db =>
        {
            var entityType = db.Model.FindEntityType(typeof(EmailAddress))!;
            var printer = new TablePrinter(Columns.Select(name => entityType.FindProperty(name)!.GetColumnName()));

            // IncludeDeleted() lifts only Versioning's query filter, so the table shows the flagged rows too.
            foreach (var email in await db.Set<EmailAddress>().IncludeDeleted().OrderBy(e => e.Id).ToListAsync())
            {
                var entry = db.Entry(email);
                var values = entry.Versioning();
                printer.AddRow(
                    email.Id, email.Label, email.Email, values.IsDeleted, values.DeletedAt, values.DeletedBy,
                    values.DeletedReason, values.PurgeAt, entry.Property(SoftDeletePropertyNames.ReplacesId).CurrentValue);
            }

            return printer;
        });
        host.Print(table);
    }
}
