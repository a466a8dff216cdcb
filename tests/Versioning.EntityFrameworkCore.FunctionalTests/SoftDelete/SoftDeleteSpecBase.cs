using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.SoftDelete;

/// <summary>
/// What the soft-delete specs share: the seed model's contexts, a clock, and helpers that write rows to test against.
/// </summary>
public abstract class SoftDeleteSpecBase : IDisposable
{
    protected static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    protected SoftDeleteSpecBase(TestStore store)
    {
        Store = store;
        Contexts = new SpecContexts(store, Clock, (services, options) => services
            .AddDbContext<SoftDeleteDb>(options)
            .AddDbContext<SnakeCaseSoftDeleteDb>(options));
    }

    protected TestStore Store { get; }

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected SpecContexts Contexts { get; }

    protected static DateTime Truncated(DateTimeOffset time)
        => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);

    public void Dispose()
    {
        Contexts.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected virtual string Quote(string identifier) => $"\"{identifier}\"";

    protected Task<SoftDeleteDb> OpenAsync(string? actor = null) => Contexts.OpenAsync<SoftDeleteDb>(actor);

    protected async Task<int> SaveContactAsync(string tenant = "main")
    {
        await using var db = await OpenAsync("alice");
        var contact = new Contact { Name = Unique("contact"), Tenant = tenant };
        db.Add(contact);
        await db.SaveChangesAsync();
        return contact.Id;
    }

    protected async Task<int> SaveInvoiceAsync()
    {
        await using var db = await OpenAsync("alice");
        var invoice = new Invoice();
        db.Add(invoice);
        await db.SaveChangesAsync();
        return invoice.Id;
    }

    protected async Task DeleteContactAsync(int id)
    {
        await using var db = await OpenAsync("bob");
        db.Remove(await db.Contacts.SingleAsync(c => c.Id == id));
        await db.SaveChangesAsync();
    }

    protected async Task<(int Contact, int PhoneA, int PhoneB)> SaveContactWithPhonesAsync()
    {
        await using var db = await OpenAsync("alice");
        var contact = new Contact { Name = Unique("contact"), PhoneNumbers = [new() { Number = "1" }, new() { Number = "2" }] };
        db.Add(contact);
        await db.SaveChangesAsync();
        return (contact.Id, contact.PhoneNumbers[0].Id, contact.PhoneNumbers[1].Id);
    }
}
