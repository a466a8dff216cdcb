using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;
using Versioning.EntityFrameworkCore.Strategies.Tenancy;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.Tenancy;

/// <summary>
/// Tenancy on PostgreSQL, opt-in per entity type (<c>HasTenantRowLevelSecurity()</c>): the table's row-level security
/// policy (migrations), and the settings it reads (<c>versioning.tenant_id</c>, <c>versioning.tenant_bypass</c>) kept on
/// the connection of the context's commands.
/// </summary>
internal sealed class TenancyNpgsqlStrategy : NpgsqlVersioningStrategy
{
    public override void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
        => conventionSet.Add(new TenantRowLevelSecurityConvention());

    public override IEnumerable<IAnnotation> TableAnnotations(ITable table)
        => TenantRowLevelSecurity.ColumnOf(table) is { } column
            ? [new Annotation(VersioningNpgsqlAnnotationNames.TenantRowLevelSecurity, column)]
            : [];

    public override IEnumerable<string> MigrateData(
        IReadOnlyList<MigrationOperation> operations, bool beforeOperations, IModel? model, ISqlGenerationHelper sql)
        => TenantRowLevelSecurity.Migrate(operations, beforeOperations, sql);

    /// <summary>The context's tenant (empty: none, so the policy shows no row) and whether a bypass is open.</summary>
    public override IReadOnlyList<(string Name, string Value)> SessionSettings(DbContext context)
    {
        if (!TenantRowLevelSecurity.InModel(context.Model))
        {
            return [];
        }

        var state = context.GetService<VersioningContextState>();
        var bypassed = state.Of<TenancyContextState>().Bypass != null;
        return
        [
            (TenantRowLevelSecurity.TenantSetting, TenantResolver.Resolve(context, state) ?? ""),
            (TenantRowLevelSecurity.BypassSetting, bypassed ? "on" : ""),
        ];
    }
}
