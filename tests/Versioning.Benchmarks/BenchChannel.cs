namespace Versioning.Benchmarks;

/// <summary>
/// A sales channel row (the seed's 'Simple Update' example). Both benchmark contexts map this same class, stamp
/// columns included, so both tables have exactly the same shape; only the stamped context lets Versioning own
/// the four stamp properties.
/// </summary>
public sealed class BenchChannel
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
