namespace Versioning.Sample.Scenarios.SalesChannels;

/// <summary>
/// The seed's 'sales_channels' (strategy 'Simple Update'): reference data where only the current state matters,
/// plus who created and last changed it.
/// </summary>
/// <remarks>
/// The class does not declare CreatedAt/CreatedBy/UpdatedAt/UpdatedBy, so Versioning adds them as shadow
/// properties (columns created_at, ... under snake_case) and the domain class stays free of bookkeeping.
/// Declaring properties with those names would map them instead.
/// </remarks>
internal sealed class SalesChannel
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public bool IsActive { get; set; } = true;
}
