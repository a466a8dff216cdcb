using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>
/// In a multi-tenant model, filters the library's tables that record the tenant of each row they hold (an entity type
/// marked <see cref="VersioningAnnotationNames.LibraryTable"/> with a <c>TenantId</c>: the activity log, the change event
/// outbox) with the named query filter <see cref="VersioningQueryFilters.Tenancy"/>: a tenant reads its own activity and
/// events only, a context with no tenant known the rows written with none (those of entities that are not multi-tenant,
/// saved outside any tenant), and <c>BeginTenantBypass</c> lifts it. Versioning's own reads of every tenant's rows (the
/// relay, purges) ignore query filters.
/// </summary>
internal sealed class TenantLibraryTableConvention : IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var multiTenant = modelBuilder.Metadata.GetEntityTypes().Any(t => t.FindAnnotation(VersioningAnnotationNames.Tenancy)?.Value is true);
        foreach (var table in modelBuilder.Metadata.GetEntityTypes())
        {
            if (table.FindAnnotation(VersioningAnnotationNames.LibraryTable)?.Value is not true
                || table.BaseType != null
                || table.FindProperty(TenantPropertyNames.TenantId)?.ClrType != typeof(string))
            {
                continue;
            }

            table.Builder.HasQueryFilter(VersioningQueryFilters.Tenancy, multiTenant ? TenantQueryFilter.ForLibraryTable(table.ClrType) : null);
        }
    }
}
