namespace Versioning.EntityFrameworkCore;

/// <summary>How many change events of the outbox are in each delivery status (<c>db.GetChangeEventCounts()</c>).</summary>
public sealed class ChangeEventCounts
{
    /// <summary>Creates the counts.</summary>
    /// <param name="pending">Events waiting for their first or next attempt.</param>
    /// <param name="delivered">Events delivered and not purged yet.</param>
    /// <param name="failed">Dead-lettered events.</param>
    public ChangeEventCounts(int pending, int delivered, int failed) => (Pending, Delivered, Failed) = (pending, delivered, failed);

    /// <summary>Events waiting for their first or next attempt.</summary>
    public int Pending { get; }

    /// <summary>Events delivered and not purged yet.</summary>
    public int Delivered { get; }

    /// <summary>Dead-lettered events.</summary>
    public int Failed { get; }
}
