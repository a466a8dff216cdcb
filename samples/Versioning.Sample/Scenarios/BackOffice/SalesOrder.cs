namespace Versioning.Sample.Scenarios.BackOffice;

/// <summary>An order and its lines, both with temporal history: the order can be read back as it was, lines included.</summary>
internal sealed class SalesOrder
{
    public int Id { get; set; }

    public required string Number { get; set; }

    public List<SalesOrderLine> Lines { get; set; } = [];
}

internal sealed class SalesOrderLine
{
    public int Id { get; set; }

    public int SalesOrderId { get; set; }

    public required string Product { get; set; }

    public int Quantity { get; set; }
}
