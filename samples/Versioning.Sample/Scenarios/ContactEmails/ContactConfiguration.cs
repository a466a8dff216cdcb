using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.Sample.Scenarios.ContactEmails;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(100);

        // Deleting a contact soft-deletes it and, through the cascading relationship, its tracked email addresses.
        builder.HasSoftDelete(softDelete => softDelete.PurgeAfter(TimeSpan.FromDays(30)));
        builder.HasMany(c => c.EmailAddresses).WithOne().HasForeignKey(e => e.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}
