using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Turns property values into the canonical text Versioning stores (activity log values, change event payloads): the same value gives the same text on every
/// machine and culture and whatever its source (the CLR, or a column with its own scale or time zone handling). Times are
/// ISO 8601 in UTC to the microsecond (<c>2026-03-01T09:30:15.123456Z</c>; a time without kind is taken as UTC, as
/// Versioning writes them), decimals have no trailing zeros and no exponent (<c>79.9</c>, whether the value came as
/// <c>79.90</c> or <c>79.9</c>), <c>.</c> is the decimal separator; <c>true</c>/<c>false</c>, enum names, GUIDs as
/// <c>D</c>, byte arrays as base64, primitive collections as JSON arrays. A type outside that list is
/// formatted through its value converter's provider value; one without any is rejected at model validation.
/// </summary>
internal static class InvariantValueText
{
    /// <summary>ISO 8601 in UTC to the microsecond (PostgreSQL's precision; the digits below are cut, never rounded).</summary>
    private const string UtcFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    /// <summary>Every significant digit of a decimal (at most 28 after the point), no trailing zeros, no exponent.</summary>
    private const string DecimalFormat = "0.############################";

    /// <summary>Returns the formatter of the property's values, or <see langword="null"/> when they cannot become text.</summary>
    public static Func<object?, string?>? For(IReadOnlyProperty property)
    {
        if (IsSupported(property.ClrType))
        {
            return Format;
        }

        if (property.GetElementType() != null)
        {
            return FormatCollection;
        }

        var converter = property.GetValueConverter() ?? (property as IProperty)?.FindTypeMapping()?.Converter;
        return converter != null && IsSupported(converter.ProviderClrType) ? v => Format(Convert(converter, v)) : null;
    }

    public static string? Format(object? value)
        => value switch
        {
            null => null,
            string text => text,
            bool flag => flag ? "true" : "false",
            DateTime time => Utc(time).ToString(UtcFormat, CultureInfo.InvariantCulture),
            DateTimeOffset time => time.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture),
            decimal number => number.ToString(DecimalFormat, CultureInfo.InvariantCulture),
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimeOnly time => time.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
            float number => number.ToString("R", CultureInfo.InvariantCulture),
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            Guid guid => guid.ToString("D"),
            Enum member => member.ToString(),
            byte[] bytes => System.Convert.ToBase64String(bytes),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

    private static DateTime Utc(DateTime time)
        => time.Kind switch
        {
            DateTimeKind.Utc => time,
            DateTimeKind.Local => time.ToUniversalTime(),
            _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        };

    private static string? FormatCollection(object? value)
        => value == null ? null : value is IEnumerable and not string ? JsonSerializer.Serialize(value, value.GetType()) : Format(value);

    private static object? Convert(ValueConverter converter, object? value)
        => value == null ? null : converter.ConvertToProvider(value);

    private static bool IsSupported(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string)
            || type == typeof(byte[])
            || type == typeof(Uri)
            || type.IsEnum
            || typeof(IFormattable).IsAssignableFrom(type)
            || type == typeof(bool)
            || type == typeof(char);
    }
}
