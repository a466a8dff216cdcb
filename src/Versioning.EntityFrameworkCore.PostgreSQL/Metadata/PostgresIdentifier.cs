namespace Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

/// <summary>Names Versioning gives database objects (functions, constraints) after a table's name.</summary>
internal static class PostgresIdentifier
{
    /// <summary>PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1).</summary>
    private const int MaxLength = 63;

    /// <summary><paramref name="prefix"/> + <paramref name="table"/> + <paramref name="suffix"/>, cut to PostgreSQL's 63 characters.</summary>
    public static string Named(string prefix, string table, string suffix = "")
    {
        var name = prefix + table + suffix;
        return name.Length <= MaxLength ? name : name[..MaxLength];
    }
}
