using Microsoft.EntityFrameworkCore;

namespace Versioning.EntityFrameworkCore.FunctionalTests.ChangeTracking;

/// <summary>Seed 'Activity Log Tracking': product variants, configured fluently, with shadow change stamps.</summary>
public class ProductVariant
{
    public int Id { get; set; }

    public string Sku { get; set; } = "";

    public decimal Price { get; set; }

    public int Stock { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTime? AvailableFrom { get; set; }

    public string? Notes { get; set; }
}

/// <summary>Configured by attributes, with CLR change stamps and a secret.</summary>
[ActivityLog]
[ChangeStamps]
public class Supplier
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    [Redacted]
    public string Iban { get; set; } = "";

    [NotVersioned]
    public int Views { get; set; }

    [TrackActivity("RATING_CHANGE")]
    public double Rating { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>Seed 'inventory adjustments': a composite key whose text part may contain the separator.</summary>
[ActivityLog]
public class StockLevel
{
    public int WarehouseId { get; set; }

    public string Bin { get; set; } = "";

    public int Quantity { get; set; }
}

/// <summary>An activity log with the default CREATE rows: one per logged field, with its initial value.</summary>
public class Coupon
{
    public int Id { get; set; }

    public string Code { get; set; } = "";

    public decimal Amount { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTime? ValidUntil { get; set; }

    public string? Notes { get; set; }
}

public class ActivityDb(DbContextOptions<ActivityDb> options) : DbContext(options)
{
    public DbSet<ProductVariant> ProductVariants => Set<ProductVariant>();

    public DbSet<Supplier> Suppliers => Set<Supplier>();

    public DbSet<StockLevel> StockLevels => Set<StockLevel>();

    public DbSet<Coupon> Coupons => Set<Coupon>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProductVariant>(b =>
        {
            b.HasChangeStamps();
            // One CREATE row per insert: these tests are about keys, transactions and updates; the CREATE rows of the
            // default (one per field) are tested on Coupon.
            b.HasActivityLog(a => a
                .Track(p => p.Price, "PRICE_CHANGE").Track(p => p.Stock, "STOCK_ADJUSTMENT").Ignore(p => p.Notes)
                .CreateValues(ActivityCreateValues.None));
            b.HasIndex(p => p.Sku).IsUnique();
        });
        modelBuilder.Entity<StockLevel>().HasKey(s => new { s.WarehouseId, s.Bin });
        modelBuilder.Entity<StockLevel>().HasActivityLog(a => a.CreateValues(ActivityCreateValues.None));
        modelBuilder.Entity<Coupon>(b =>
        {
            b.HasActivityLog(a => a.Ignore(c => c.Notes));
            b.Property(c => c.Amount).HasPrecision(10, 2);
        });
        modelBuilder.Entity<Supplier>().HasActivityLog(a => a.CreateValues(ActivityCreateValues.Snapshot));
        modelBuilder.RetainActivityFor(TimeSpan.FromDays(180));
    }
}

/// <summary>Shipments under snake_case naming, with their own tables so they cannot clash with <see cref="ActivityDb"/>'s on SQLite.</summary>
public class Shipment
{
    public int Id { get; set; }

    public string Carrier { get; set; } = "";
}

public class SnakeCaseActivityDb(DbContextOptions<SnakeCaseActivityDb> options) : DbContext(options)
{
    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Shipment>().HasActivityLog();
}
