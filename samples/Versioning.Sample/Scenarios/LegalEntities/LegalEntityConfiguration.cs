using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.Sample.Scenarios.LegalEntities;

internal sealed class LegalEntityConfiguration : IEntityTypeConfiguration<LegalEntity>
{
    public void Configure(EntityTypeBuilder<LegalEntity> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(200);

        // The whole strategy is this one call (or [AuditTrail] on the class).
        builder.HasAuditTrail();
    }
}
