namespace Versioning.Sample.Scenarios.LegalEntities;

/// <summary>
/// The seed's 'Entity' (organization details): every change is kept as a revision in the same table, for compliance,
/// and any revision can be brought back.
/// </summary>
/// <remarks>
/// No bookkeeping property is declared: revision, is_current, root_id, modified_by and the soft-delete columns are
/// shadow properties that Versioning adds.
/// </remarks>
internal sealed class LegalEntity
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string Label { get; set; }
}
