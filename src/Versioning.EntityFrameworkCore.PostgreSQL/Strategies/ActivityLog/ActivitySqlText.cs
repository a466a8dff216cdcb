using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

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
            return converter?.ProviderClrType == typeof(string) ? column + "::text" : EnumMembers(clrType) is { } members ? EnumCase(members, column) : null;
        }

        // An enum stored as its number in a migration's model: a number there, with its members' names as an annotation.
        if (converter == null
            && Type.GetTypeCode(clrType) is TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64
            && property.FindAnnotation(VersioningNpgsqlAnnotationNames.EnumNames)?.Value is string names)
        {
            return EnumCase(names, column);
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

    /// <summary>
    /// The members of an enum stored as its number, as <see cref="VersioningNpgsqlAnnotationNames.EnumNames"/> holds them
    /// (<c>0=Sent;1=Delivered</c>, by number, the first name of a number), or <see langword="null"/> for a flags enum
    /// (a combination has no single name: such a field has no SQL text) and one over <see cref="ulong"/> (stored as
    /// <c>numeric</c>, its members need not fit the numbers the <c>CASE</c> compares).
    /// </summary>
    public static string? EnumMembers(Type enumType)
        => enumType.IsDefined(typeof(FlagsAttribute), inherit: false) || Enum.GetUnderlyingType(enumType) == typeof(ulong)
            ? null
            : string.Join(";", Enum.GetValues(enumType).Cast<object>()
                .Select(v => (Number: Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture), Name: Enum.GetName(enumType, v)!))
                .DistinctBy(v => v.Number)
                .OrderBy(v => v.Number)
                .Select(v => FormattableString.Invariant($"{v.Number}={v.Name}")));

    /// <summary>The member's name of the number in <paramref name="column"/>, or the number when no member has it (as <c>ToString()</c>).</summary>
    private static string EnumCase(string members, string column)
    {
        var cases = members.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(m => m.Split('=', 2))
            .Select(m => $"WHEN {long.Parse(m[0], System.Globalization.CultureInfo.InvariantCulture)} THEN '{m[1].Replace("'", "''", StringComparison.Ordinal)}'");
        return $"CASE {column} {string.Join(" ", cases)} ELSE {column}::text END";
    }
}
