namespace Versioning.Sample.Scenarios.Documents;

/// <summary>
/// The temporal seed's content entity (its 'entity' table with entity_type 'template'): every update closes the
/// current version and opens the next one with an incremented version number.
/// </summary>
/// <remarks>
/// The class declares no ValidFrom/Version: Versioning adds them as shadow properties (valid_from, version), and the
/// history table documents_history (entity columns + valid_to, changed_by) as part of the EF model.
/// </remarks>
internal sealed class Document
{
    public int Id { get; set; }

    public required string EntityType { get; set; }

    public required string Title { get; set; }

    public required string Content { get; set; }

    public string Visibility { get; set; } = "private";

    /// <summary>Who the email is sent as: a complex property, whose columns are versioned with the document.</summary>
    public Sender Sender { get; set; } = new();
}

/// <summary>A value object mapped with <c>ComplexProperty</c> (columns sender_name and sender_address).</summary>
internal sealed class Sender
{
    public string Name { get; set; } = "Ada";

    public string Address { get; set; } = "ada@example.com";
}
