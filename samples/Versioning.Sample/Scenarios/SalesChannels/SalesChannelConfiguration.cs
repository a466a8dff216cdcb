using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.Sample.Scenarios.SalesChannels;

internal sealed class SalesChannelConfiguration : IEntityTypeConfiguration<SalesChannel>
{
    public void Configure(EntityTypeBuilder<SalesChannel> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(100);

        // The whole strategy is this one call (or [ChangeStamps] on the class).
        builder.HasChangeStamps();
    }
}
