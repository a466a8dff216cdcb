namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Names of the audit-trail properties. A CLR property with one of these names is used as it is; otherwise a shadow
/// property of that name is added. Column names then follow the application's naming convention (<c>is_current</c>
/// under snake_case). An audit-trail entity also has the soft-delete properties (<see cref="SoftDeletePropertyNames"/>).
/// </summary>
public static class AuditTrailPropertyNames
{
    /// <summary>The revision number: 1 for the first row of a family, then 2, 3... without gaps (<see cref="int"/>).</summary>
    public const string Revision = "Revision";

    /// <summary>Whether the row is the current revision of its family; exactly one is (<see cref="bool"/>).</summary>
    public const string IsCurrent = "IsCurrent";

    /// <summary>
    /// The key of the family's first revision (often called <c>root_entity_id</c>); <see langword="null"/> on the first
    /// revision itself. Its type is the key's type, nullable.
    /// </summary>
    public const string RootId = "RootId";

    /// <summary>Who wrote the revision (the save's actor).</summary>
    public const string ModifiedBy = "ModifiedBy";

    /// <summary>
    /// PostgreSQL only: a stored generated column <c>COALESCE(RootId, key)</c> naming the family of a row, on which the
    /// indexes enforcing one current revision per family and unique revision numbers are built.
    /// </summary>
    public const string FamilyId = "AuditFamilyId";
}
