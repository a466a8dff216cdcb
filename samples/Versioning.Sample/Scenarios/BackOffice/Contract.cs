namespace Versioning.Sample.Scenarios.BackOffice;

/// <summary>
/// Seed 'strategies-guide': a back-office document (a CONA-style contract) that keeps its revisions (audit trail) and
/// its named activities (activity log) together.
/// </summary>
internal sealed class Contract
{
    public int Id { get; set; }

    public required string Number { get; set; }

    public decimal Amount { get; set; }

    public string Status { get; set; } = "draft";
}
