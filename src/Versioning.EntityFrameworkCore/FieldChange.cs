namespace Versioning.EntityFrameworkCore;

/// <summary>
/// A field whose value differs between two versions of an entity: two temporal versions (<c>TemporalDiff</c>), two
/// audit revisions or any two instances of an entity type (<c>db.Diff(older, newer)</c>).
/// </summary>
public sealed class FieldChange
{
    internal FieldChange(string field, object? oldValue, object? newValue)
    {
        Field = field;
        OldValue = oldValue;
        NewValue = newValue;
    }

    /// <summary>The property's name, or its path in a complex property (<c>Home.City</c>), as the activity log names it.</summary>
    public string Field { get; }

    /// <summary>The value in the older version; the redaction mask (<c>***</c>) for a <c>[Redacted]</c> property.</summary>
    public object? OldValue { get; }

    /// <summary>The value in the newer version; the redaction mask (<c>***</c>) for a <c>[Redacted]</c> property.</summary>
    public object? NewValue { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Field}: {OldValue} -> {NewValue}";
}
