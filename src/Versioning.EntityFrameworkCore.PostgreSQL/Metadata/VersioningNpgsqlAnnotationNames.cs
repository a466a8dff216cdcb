namespace Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

/// <summary>
/// Annotations Versioning puts on the operations of PostgreSQL migrations, so that the scaffolded C# shows what the
/// migration will run beyond EF's own DDL (<see cref="Migrations.VersioningNpgsqlMigrationsSqlGenerator"/> runs it).
/// </summary>
public static partial class VersioningNpgsqlAnnotationNames
{
    /// <summary>
    /// On <c>AddColumn</c>: the SQL value the rows the table already has get in the new column (for example <c>TRUE</c>
    /// for the audit trail's <c>IsCurrent</c>), instead of the <c>defaultValue</c> EF writes for a non-nullable column.
    /// </summary>
    public const string ExistingRowsValue = "Versioning:ExistingRowsValue";

    /// <summary>
    /// On <c>CreateTable</c>, followed by the constraint's name (<c>Versioning:Constraint:PageHistory_no_overlap</c>):
    /// a constraint EF's model cannot express, with its definition (<c>EXCLUDE USING gist (…)</c>) as the value.
    /// </summary>
    public const string ConstraintPrefix = "Versioning:Constraint:";

    /// <summary>
    /// On <c>CreateIndex</c>: <see langword="true"/> when the unique index is created as a constraint checked at commit
    /// (<c>DEFERRABLE INITIALLY DEFERRED</c>), as the audit trail's are.
    /// </summary>
    public const string DeferredConstraint = "Versioning:DeferredConstraint";

    /// <summary>
    /// On an entity type and its table (so a migration sees it change): <see langword="true"/> when the writes that
    /// bypass EF are captured into its temporal history by triggers (<c>HasDatabaseCapture()</c>).
    /// </summary>
    public const string DatabaseCapture = "Versioning:DatabaseCapture";

    /// <summary>
    /// Property annotation: the member names of an enum stored as its number (<c>0=Sent;1=Delivered</c>), on the enum
    /// fields of an entity type with activity log capture. A migration's model holds such a field as a number; with this
    /// annotation, the triggers it builds log the member's name as SaveChanges does.
    /// </summary>
    public const string EnumNames = "Versioning:EnumNames";
}
