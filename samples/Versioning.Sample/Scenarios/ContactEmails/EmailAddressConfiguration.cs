using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.Sample.Scenarios.ContactEmails;

internal sealed class EmailAddressConfiguration : IEntityTypeConfiguration<EmailAddress>
{
    public void Configure(EntityTypeBuilder<EmailAddress> builder)
    {
        builder.Property(e => e.Email).HasMaxLength(200);

        // The whole strategy is this one call (or [SoftDelete(ReplaceOnUpdate = true, PurgeAfterDays = 30)]).
        builder.HasSoftDelete(softDelete => softDelete.ReplaceOnUpdate().PurgeAfter(TimeSpan.FromDays(30)));

        // No unique index on Email here: the sample runs on SQLite by default, where an index cannot become partial.
        // On PostgreSQL (npgsql.UseVersioning()) a unique index of a soft-deletable entity is created
        // WHERE NOT is_deleted, so the old row of a replacement keeps its address without blocking the new one.
    }
}
