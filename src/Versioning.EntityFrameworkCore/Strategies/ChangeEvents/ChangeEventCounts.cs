namespace Versioning.EntityFrameworkCore;

/// <summary>How many change events of the outbox are in each delivery status (<c>db.GetChangeEventCounts()</c>).</summary>
/// <param name="Pending">Waiting for their first or next attempt.</param>
/// <param name="Delivered">Delivered and not purged yet.</param>
/// <param name="Failed">Dead-lettered.</param>
public sealed record ChangeEventCounts(int Pending, int Delivered, int Failed);
