namespace Versioning.Sample.Scenarios.ProductVariants;

/// <summary>
/// The seed's 'product_variants' (strategy 'Activity Log Tracking'): what matters is what happened to a variant —
/// price changes, stock adjustments, shipments — and who did it, not a copy of every past row.
/// </summary>
internal sealed class ProductVariant
{
    public int Id { get; set; }

    public required string Sku { get; set; }

    public required string Name { get; set; }

    public decimal Price { get; set; }

    public int Stock { get; set; }

    /// <summary>Internal notes: edited all the time, not worth a log row (ignored by the configuration).</summary>
    public string? Notes { get; set; }
}
