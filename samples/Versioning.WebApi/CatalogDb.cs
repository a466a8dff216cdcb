using Microsoft.EntityFrameworkCore;

namespace Versioning.WebApi;

/// <summary>A product of the catalog: its prices are history (temporal) and its changes an activity log.</summary>
public sealed class Product
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public decimal Price { get; set; }
}

/// <summary>The catalog, on PostgreSQL under snake_case names, created and evolved by its migrations.</summary>
public sealed class CatalogDb(DbContextOptions<CatalogDb> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Product>(product =>
        {
            product.Property(p => p.Price).HasPrecision(10, 2);
            product.HasTemporalHistory().HasActivityLog(log => log.Track(p => p.Price, "PRICE_CHANGE"));

            // Prices changed by hand in psql or by another application reach the history and the activity log too (PostgreSQL triggers).
            product.HasDatabaseCapture();
        });
}
