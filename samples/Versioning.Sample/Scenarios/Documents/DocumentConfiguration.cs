using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.Sample.Scenarios.Documents;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.Property(d => d.Title).HasMaxLength(200);

        // The whole strategy is this one call (or [TemporalHistory] on the class); the history table is part of the
        // model, so EnsureCreated and migrations create it (on PostgreSQL with an exclusion constraint on the periods).
        builder.HasTemporalHistory(history => history.ToTable("documents_history"));
    }
}
