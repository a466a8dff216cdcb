using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.FunctionalTests.SoftDelete;

/// <summary>Seed 'Soft Delete with New Record': contacts. Soft delete with a 30-day retention, shadow bookkeeping, stamps.</summary>
public class Contact
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Tenant { get; set; } = "main";

    public List<EmailAddress> EmailAddresses { get; set; } = [];

    public List<PhoneNumber> PhoneNumbers { get; set; } = [];

    public List<ContactNote> Notes { get; set; } = [];

    public List<Invoice> Invoices { get; set; } = [];
}

/// <summary>Seed 'email_addresses': an update keeps the old row and inserts a new one. Database-generated key.</summary>
public class EmailAddress
{
    public int Id { get; set; }

    public string Label { get; set; } = "";

    public string Email { get; set; } = "";

    public int ContactId { get; set; }

    public Contact? Contact { get; set; }

    public List<Message> Messages { get; set; } = [];
}

/// <summary>Soft delete by attribute with CLR-mapped bookkeeping; cascades from its contact.</summary>
[SoftDelete]
public class PhoneNumber
{
    public int Id { get; set; }

    public string Number { get; set; } = "";

    public int ContactId { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    public string? DeletedBy { get; set; }

    public string? DeletedReason { get; set; }
}

/// <summary>Not soft-deletable, required and cascading: EF would delete it with its contact.</summary>
public class ContactNote
{
    public int Id { get; set; }

    public string Text { get; set; } = "";

    public int ContactId { get; set; }
}

/// <summary>Not soft-deletable, optional relationship: EF would null its foreign key when the contact is deleted.</summary>
public class Invoice
{
    public int Id { get; set; }

    public int? ContactId { get; set; }

    public Contact? Contact { get; set; }
}

/// <summary>References an email address; must keep referencing the old row when the address is replaced.</summary>
public class Message
{
    public int Id { get; set; }

    public string Subject { get; set; } = "";

    public int? EmailAddressId { get; set; }

    public EmailAddress? EmailAddress { get; set; }
}

/// <summary>Replace-on-update by attribute with a client-generated Guid key and a CLR <c>ReplacesId</c>.</summary>
[SoftDelete(ReplaceOnUpdate = true)]
public class Tag
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public Guid? ReplacesId { get; set; }
}

public class SoftDeleteDb(DbContextOptions<SoftDeleteDb> options) : DbContext(options)
{
    public const string TenantFilter = "Tenant";

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<EmailAddress> EmailAddresses => Set<EmailAddress>();

    public DbSet<PhoneNumber> PhoneNumbers => Set<PhoneNumber>();

    public DbSet<ContactNote> ContactNotes => Set<ContactNote>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<Tag> Tags => Set<Tag>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Contact>(b =>
        {
            b.HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30)));
            b.HasChangeStamps();

            // The application's own named filter, which IncludeDeleted() must leave in place.
            b.HasQueryFilter(TenantFilter, c => c.Tenant != "hidden");
            b.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.ContactId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<EmailAddress>(b =>
        {
            b.HasSoftDelete(s => s.ReplaceOnUpdate());
            b.HasChangeStamps();

            // Unique only where the index can be partial (PostgreSQL, issue item 4): a replacement keeps the old row's
            // email, so a plain unique index would reject every update.
            if (Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
            {
                b.HasIndex(e => e.Email).IsUnique();
            }
        });
    }
}

/// <summary>
/// Snake_case naming, as the seeds' schemas read; its own table so that SQLite's case-insensitive names cannot clash.
/// </summary>
public class Subscriber
{
    public int Id { get; set; }

    public string Email { get; set; } = "";
}

public class SnakeCaseSoftDeleteDb(DbContextOptions<SnakeCaseSoftDeleteDb> options) : DbContext(options)
{
    public DbSet<Subscriber> Subscribers => Set<Subscriber>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Subscriber>(b =>
        {
            b.HasSoftDelete(s => s.PurgeAfter(TimeSpan.FromDays(30)));
            b.HasIndex(s => s.Email).IsUnique();
        });
}
