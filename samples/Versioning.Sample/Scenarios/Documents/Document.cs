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
}
