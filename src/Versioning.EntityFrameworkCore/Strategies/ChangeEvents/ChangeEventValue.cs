using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// One property as a change event writes it into its JSON: under its name (a complex property's member under its path,
/// <c>Address.City</c>), as a JSON number or boolean when it is one, a JSON array for a primitive collection, and the
/// canonical invariant text otherwise (the activity log's text of the value: ISO 8601 times in UTC, enum names); a
/// redacted property as the mask.
/// </summary>
internal sealed class ChangeEventValue
{
    private readonly Func<object?, string?> _format;
    private readonly ValueComparer _comparer;
    private readonly JsonKind _kind;

    public ChangeEventValue(IProperty property)
    {
        Property = property;
        Field = ComplexMembers.PathOf(property);
        _comparer = property.GetValueComparer();
        if (property.IsRedacted())
        {
            _format = static _ => ActivityLogEntry.RedactedMask;
            _kind = JsonKind.String;
            return;
        }

        _format = InvariantValueText.For(property) ?? InvariantValueText.Format;
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        _kind = property.GetElementType() != null ? JsonKind.Raw
            : type == typeof(bool) ? JsonKind.Boolean
            : type.IsPrimitive && type != typeof(char) && type != typeof(IntPtr) && type != typeof(UIntPtr) || type == typeof(decimal) ? JsonKind.Number
            : JsonKind.String;
    }

    private enum JsonKind
    {
        String,
        Number,
        Boolean,
        Raw,
    }

    public IProperty Property { get; }

    public string Field { get; }

    /// <summary>Whether the two values differ (EF's own comparer, no query).</summary>
    public bool HasChanged(PropertyValues original, PropertyValues current) => !_comparer.Equals(original[Property], current[Property]);

    /// <summary>
    /// The JSON object of <paramref name="properties"/> in <paramref name="values"/>, written into <paramref name="buffer"/>
    /// (cleared first; one per save, so a save's events reuse its memory).
    /// </summary>
    public static string Json(IReadOnlyList<ChangeEventValue> properties, PropertyValues values, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in properties)
            {
                writer.WritePropertyName(property.Field);
                property.Write(writer, values[property.Property]);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void Write(Utf8JsonWriter writer, object? value)
    {
        if (_format(value) is not { } text)
        {
            writer.WriteNullValue();
            return;
        }

        switch (_kind)
        {
            case JsonKind.Boolean:
                writer.WriteBooleanValue(text == "true");
                break;

            // Canonical text of a number is a JSON number, except the non-finite floating values JSON cannot hold.
            case JsonKind.Number when text.Length > 0 && char.IsAsciiDigit(text[^1]):
            case JsonKind.Raw:
                writer.WriteRawValue(text, skipInputValidation: false);
                break;
            default:
                writer.WriteStringValue(text);
                break;
        }
    }
}
