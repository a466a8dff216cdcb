using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.Sample.Scenarios.Documents;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.Property(d => d.Title).HasMaxLength(200);

        // Its columns are the document's: history rows keep them, as-of queries return them.
        builder.ComplexProperty(d => d.Sender);

        // The whole strategy is this one call (or [TemporalHistory] on the class); the history table is part of the
        // model, so EnsureCreated and migrations create it (on PostgreSQL with an exclusion constraint on the periods).
        builder.HasTemporalHistory(history => history.ToTable("documents_history"));
    }
}
