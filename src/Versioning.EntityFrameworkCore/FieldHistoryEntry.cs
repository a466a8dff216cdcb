namespace Versioning.EntityFrameworkCore;

/// <summary>
/// One change of a field in the temporal history of an entity (<c>FieldHistory</c>): the version that set the new value,
/// when it started and who made it.
/// </summary>
/// <typeparam name="TValue">The field's type.</typeparam>
public sealed class FieldHistoryEntry<TValue>
{
    internal FieldHistoryEntry(int version, DateTime changedAt, string? changedBy, TValue oldValue, TValue newValue)
    {
        Version = version;
        ChangedAt = changedAt;
        ChangedBy = changedBy;
        OldValue = oldValue;
        NewValue = newValue;
    }

    /// <summary>The version whose value the change set.</summary>
    public int Version { get; }

    /// <summary>When that version started (UTC).</summary>
    public DateTime ChangedAt { get; }

    /// <summary>Who made the change (the actor that ended the previous version), or <see langword="null"/> when none was known.</summary>
    public string? ChangedBy { get; }

    /// <summary>The value before the change.</summary>
    public TValue OldValue { get; }

    /// <summary>The value after the change.</summary>
    public TValue NewValue { get; }
}
