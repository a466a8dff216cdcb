namespace Versioning.Sample.Scenarios.ContactEmails;

/// <summary>
/// The seed's 'contacts' (strategy 'Soft Delete with New Record'): a person the organization talks to. Soft-deleted
/// with a 30-day retention ('Soft Deletes with Purge Dates'): a deleted contact can be restored for 30 days.
/// </summary>
internal sealed class Contact
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<EmailAddress> EmailAddresses { get; set; } = [];
}
