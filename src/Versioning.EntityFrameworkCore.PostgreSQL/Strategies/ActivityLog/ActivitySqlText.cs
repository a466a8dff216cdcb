using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ActivityLog;

/// <summary>
/// The SQL that gives a column's value as the activity log's canonical text, the same text
/// <c>InvariantValueText</c> gives the CLR value (<c>79.9</c>, <c>true</c>, <c>2026-03-01T09:30:15.123456Z</c>, enum
/// names), for the rows a bulk statement logs in the database. A type whose text the database cannot give the same way
/// (floating point, intervals, arrays, value converters other than an enum's) has none: a bulk statement that changes
/// such a logged column is refused, and SaveChanges logs it.
/// </summary>
internal static class ActivitySqlText
{
    private const string UtcFormat = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";

    /// <summary>The SQL of the canonical text of <paramref name="column"/> (a qualified column of <paramref name="property"/>), or <see langword="null"/>.</summary>
    public static string? Of(IProperty property, string column)
    {
        var mapping = property.GetRelationalTypeMapping();
        var clrType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var converter = mapping.Converter;
        if (clrType.IsEnum)
        {
            return converter?.ProviderClrType == typeof(string) ? column + "::text" : EnumNames(clrType, column);
        }

        if (converter != null)
        {
            return null;
        }

        var storeType = mapping.StoreType;
        return Type.GetTypeCode(clrType) switch
        {
            TypeCode.String or TypeCode.Char => column + "::text",
            TypeCode.Boolean => $"CASE WHEN {column} THEN 'true' WHEN NOT {column} THEN 'false' END",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => column + "::text",
            TypeCode.Decimal => $"trim_scale({column})::text",
            TypeCode.DateTime => Timestamp(column, storeType),
            _ when clrType == typeof(DateTimeOffset) => Timestamp(column, storeType),
            _ when clrType == typeof(Guid) => column + "::text",
            _ when clrType == typeof(DateOnly) => $"to_char({column}, 'YYYY-MM-DD')",
            _ => null,
        };
    }

    /// <summary>Times in UTC to the microsecond; a column without time zone holds UTC, as Versioning writes it.</summary>
    private static string? Timestamp(string column, string storeType)
        => storeType.StartsWith("timestamp with time zone", StringComparison.OrdinalIgnoreCase) || storeType.Equals("timestamptz", StringComparison.OrdinalIgnoreCase)
            ? $"to_char({column} AT TIME ZONE 'UTC', {UtcFormat})"
            : storeType.StartsWith("timestamp", StringComparison.OrdinalIgnoreCase)
                ? $"to_char({column}, {UtcFormat})"
                : null;

    /// <summary>An enum stored as its number: its member's name, or the number when no member has it (as <c>ToString()</c>).</summary>
    private static string? EnumNames(Type enumType, string column)
    {
        if (enumType.IsDefined(typeof(FlagsAttribute), inherit: false))
        {
            return null;
        }

        var names = Enum.GetValues(enumType).Cast<object>()
            .Select(v => (Number: Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture), Name: Enum.GetName(enumType, v)!))
            .DistinctBy(v => v.Number)
            .Select(v => $"WHEN {v.Number} THEN '{v.Name}'");
        return $"CASE {column} {string.Join(" ", names)} ELSE {column}::text END";
    }
}
