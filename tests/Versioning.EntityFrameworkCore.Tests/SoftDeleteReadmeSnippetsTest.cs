using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>
/// The README's soft-delete snippet, verbatim where it is code a user would write, compiled and run here so that the
/// README cannot drift from the API. Keep the two in sync.
/// </summary>
public sealed class SoftDeleteReadmeSnippetsTest : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SoftDeleteReadmeSnippetsTest() => _connection.Open();

    [Fact]
    public async Task Soft_delete_snippet_works_as_written()
    {
        var services = new ServiceCollection();
        services.AddDbContext<ContactsDb>(o => o.UseSqlite(_connection).UseVersioning());
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactsDb>();
        await db.Database.EnsureCreatedAsync();
        var contact = new Contact { Name = "Ada", EmailAddresses = [new() { Address = "ada@old.example" }] };
        db.Add(contact);
        await db.SaveChangesAsync();
        var email = contact.EmailAddresses[0];
        var oldId = email.Id;

        db.Contacts.Remove(contact);
        await db.SaveChangesAsync();                          // UPDATE of IsDeleted, DeletedAt/By/Reason, PurgeAt: no DELETE

        var gone = await db.Contacts.OnlyDeleted().SingleAsync(c => c.Id == contact.Id);   // IncludeDeleted(): both
        await db.RestoreAsync(gone);                          // and what was deleted with it
        await db.SaveChangesAsync();

        email.Address = "ada@new.example";
        await db.SaveChangesAsync();                          // old row kept, flagged deleted; email.Id is the new row's key

        await db.EmailAddresses.Where(e => e.Address.EndsWith(".example")).ExecuteDeleteAsync();   // soft-deletes too
        await db.PurgeAsync();                                // hard-deletes rows whose PurgeAt has passed

        email.Id.Should().NotBe(oldId);
        (await db.EmailAddresses.IncludeDeleted().CountAsync()).Should().Be(2);
        (await db.Contacts.CountAsync()).Should().Be(1);
    }

    public void Dispose() => _connection.Dispose();

    public sealed class Contact
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public List<EmailAddress> EmailAddresses { get; set; } = [];
    }

    public sealed class EmailAddress
    {
        public int Id { get; set; }

        public string Address { get; set; } = "";

        public int ContactId { get; set; }
    }

    public sealed class ContactsDb(DbContextOptions<ContactsDb> options) : DbContext(options)
    {
        public DbSet<Contact> Contacts => Set<Contact>();

        public DbSet<EmailAddress> EmailAddresses => Set<EmailAddress>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Contact>().HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30)));   // or [SoftDelete(PurgeAfterDays = 30)]
            modelBuilder.Entity<EmailAddress>().HasSoftDelete(s => s.ReplaceOnUpdate());              // or [SoftDelete(ReplaceOnUpdate = true)]
        }
    }
}
