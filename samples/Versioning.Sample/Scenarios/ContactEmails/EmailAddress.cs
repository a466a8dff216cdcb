namespace Versioning.Sample.Scenarios.ContactEmails;

/// <summary>
/// The seed's 'email_addresses': an update never overwrites a row, it flags it deleted ("Updated with new
/// information") and inserts the new values as a new row, so whatever referenced the old address still finds it.
/// </summary>
/// <remarks>
/// No bookkeeping property is declared: is_deleted, deleted_at, deleted_by, deleted_reason, purge_at and replaces_id
/// are shadow properties that Versioning adds.
/// </remarks>
internal sealed class EmailAddress
{
    public int Id { get; set; }

    public required string Label { get; set; }

    public required string Email { get; set; }

    public int ContactId { get; set; }
}
