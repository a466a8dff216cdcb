using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>A bookkeeping timestamp property and how to turn the save's UTC timestamp into its CLR value.</summary>
internal sealed class TimestampProperty
{
    public TimestampProperty(IProperty property)
    {
        Property = property;
        IsDateTimeOffset = (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) == typeof(DateTimeOffset);
    }

    public IProperty Property { get; }

    public bool IsDateTimeOffset { get; }

    // Both branches boxed on purpose: a plain conditional would convert the DateTime to DateTimeOffset.
    public object ToClrValue(DateTime utc) => IsDateTimeOffset ? new DateTimeOffset(utc) : (object)utc;

    /// <summary>Reads a stored value back as UTC (SQLite returns the text it stored with an unspecified kind).</summary>
    public static DateTime? ToUtc(object? value)
        => value switch
        {
            DateTime { Kind: DateTimeKind.Utc } utc => utc,
            DateTime other => DateTime.SpecifyKind(other, DateTimeKind.Utc),
            DateTimeOffset offset => offset.UtcDateTime,
            _ => null,
        };
}
