using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.Tenancy;

/// <summary>
/// The DDL of tenant row-level security (<c>HasTenantRowLevelSecurity()</c>), read from the migration's operations: the
/// table annotation <see cref="VersioningNpgsqlAnnotationNames.TenantRowLevelSecurity"/> holds the tenant column, so a
/// scaffolded migration carries all it needs. The policy is dropped before the operations (which may drop the column it
/// reads) and created after them (the column exists).
/// </summary>
internal static class TenantRowLevelSecurity
{
    /// <summary>The setting that holds the tenant of the session or transaction.</summary>
    public const string TenantSetting = "versioning.tenant_id";

    /// <summary>The setting that lifts the policy (<c>on</c>) while a tenant bypass is open.</summary>
    public const string BypassSetting = "versioning.tenant_bypass";

    /// <summary>The policy's name (one per table).</summary>
    public const string PolicyName = "versioning_tenant_isolation";

    private const string HasRowLevelSecurityAnnotation = "Versioning:HasTenantRowLevelSecurity";

    /// <summary>Whether some entity type of the model has tenant row-level security (computed once per model).</summary>
    public static bool InModel(IModel model)
        => model.GetOrAddRuntimeAnnotationValue(
            HasRowLevelSecurityAnnotation, static m => m!.GetEntityTypes().Any(e => e.IsMultiTenant() && e.HasTenantRowLevelSecurity()), model);

    /// <summary>The tenant column a table's policy compares, or <see langword="null"/> when the table has no policy.</summary>
    public static string? ColumnOf(ITable table)
    {
        foreach (var mapping in table.EntityTypeMappings)
        {
            if (mapping.TypeBase is IEntityType entityType && entityType.IsMultiTenant() && entityType.HasTenantRowLevelSecurity()
                && entityType.FindProperty(TenantPropertyNames.TenantId)?.GetColumnName(StoreObjectIdentifier.Table(table.Name, table.Schema)) is { } column)
            {
                return column;
            }
        }

        return null;
    }

    public static IEnumerable<string> Migrate(IReadOnlyList<MigrationOperation> operations, bool beforeOperations, ISqlGenerationHelper sql)
    {
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case CreateTableOperation create when !beforeOperations && Column(create) is { } column:
                    foreach (var statement in Enable(create.Name, create.Schema, column, sql))
                    {
                        yield return statement;
                    }

                    break;
                case AlterTableOperation alter when Column(alter) is var column && Column(alter.OldTable) is var oldColumn && column != oldColumn:
                    var statements = beforeOperations
                        ? oldColumn == null ? [] : Disable(alter.Name, alter.Schema, sql)
                        : column == null ? [] : Enable(alter.Name, alter.Schema, column, sql);
                    foreach (var statement in statements)
                    {
                        yield return statement;
                    }

                    break;
            }
        }
    }

    public static IEnumerable<string> Enable(string table, string? schema, string column, ISqlGenerationHelper sql)
    {
        var name = sql.DelimitIdentifier(table, schema);
        var isOwnTenant = $"current_setting('{BypassSetting}', true) = 'on' OR {sql.DelimitIdentifier(column)} = current_setting('{TenantSetting}', true)";
        return
        [
            $"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
            $"ALTER TABLE {name} FORCE ROW LEVEL SECURITY",
            $"CREATE POLICY {PolicyName} ON {name} USING ({isOwnTenant}) WITH CHECK ({isOwnTenant})",
        ];
    }

    public static IEnumerable<string> Disable(string table, string? schema, ISqlGenerationHelper sql)
    {
        var name = sql.DelimitIdentifier(table, schema);
        return
        [
            $"DROP POLICY IF EXISTS {PolicyName} ON {name}",
            $"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY",
            $"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY",
        ];
    }

    private static string? Column(IReadOnlyAnnotatable table) => table[VersioningNpgsqlAnnotationNames.TenantRowLevelSecurity] as string;
}
