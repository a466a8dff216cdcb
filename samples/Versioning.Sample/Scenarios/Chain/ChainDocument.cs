using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.Sample.Scenarios.Chain;

/// <summary>
/// Seed 'event-sourcing-principles' (Chain): a document whose every change is an event of its stream. The snapshot's
/// <c>lastEventVersion</c> is <see cref="StreamVersion"/>: the version of its last event, checked on every save.
/// </summary>
public sealed class ChainDocument
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Title { get; set; } = "";

    public string Content { get; set; } = "";

    public long StreamVersion { get; set; }
}

internal sealed class ChainDocumentConfiguration : IEntityTypeConfiguration<ChainDocument>
{
    public void Configure(EntityTypeBuilder<ChainDocument> builder) => builder.HasChangeEvents();
}
