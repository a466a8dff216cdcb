using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.Sample.Scenarios.ProductVariants;

internal sealed class ProductVariantConfiguration : IEntityTypeConfiguration<ProductVariant>
{
    public void Configure(EntityTypeBuilder<ProductVariant> builder)
    {
        builder.Property(v => v.Sku).HasMaxLength(40);
        builder.Property(v => v.Price).HasPrecision(10, 2);

        // The whole strategy: a price change is logged as PRICE_CHANGE, a stock change as STOCK_ADJUSTMENT, any other
        // change as UPDATE, notes never. The log table (activity_logs) comes with it.
        builder.HasActivityLog(log => log
            .Track(v => v.Price, "PRICE_CHANGE")
            .Track(v => v.Stock, "STOCK_ADJUSTMENT")
            .Ignore(v => v.Notes));
    }
}
