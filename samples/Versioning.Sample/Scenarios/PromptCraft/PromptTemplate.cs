using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.Sample.Scenarios.PromptCraft;

/// <summary>
/// Seed 'temporal-event-tenant-migration' (PromptCraft): a prompt template of one tenant, with its versions (temporal
/// history) and its change events.
/// </summary>
public sealed class PromptTemplate
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Body { get; set; } = "";
}

internal sealed class PromptTemplateConfiguration : IEntityTypeConfiguration<PromptTemplate>
{
    public void Configure(EntityTypeBuilder<PromptTemplate> builder) => builder.HasTenant().HasTemporalHistory().HasChangeEvents();
}
