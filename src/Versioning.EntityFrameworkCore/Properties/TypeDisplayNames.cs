namespace Versioning.EntityFrameworkCore.Properties;

/// <summary>Short, readable type names for messages (<c>DateTime?</c> rather than <c>System.Nullable`1[...]</c>).</summary>
internal static class TypeDisplayNames
{
    public static string Of(Type type)
        => Nullable.GetUnderlyingType(type) is { } underlying
            ? Of(underlying) + "?"
            : type.IsGenericType
                ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Of)) + ">"
                : type.Name;
}
