using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>
/// Shapes the model of a multi-tenant entity type: adds <c>TenantId</c> (shadow unless the class declares it), makes it
/// a concurrency token, and adds the named query filter <see cref="VersioningQueryFilters.Tenancy"/> on the root of the
/// hierarchy (EF only filters roots).
/// </summary>
internal sealed class TenancyConvention : IEntityTypeAnnotationChangedConvention
{
    /// <inheritdoc />
    public void ProcessEntityTypeAnnotationChanged(
        IConventionEntityTypeBuilder entityTypeBuilder,
        string name,
        IConventionAnnotation? annotation,
        IConventionAnnotation? oldAnnotation,
        IConventionContext<IConventionAnnotation> context)
    {
        if (name != VersioningAnnotationNames.Tenancy)
        {
            return;
        }

        if (annotation?.Value is not true)
        {
            entityTypeBuilder.HasQueryFilter(VersioningQueryFilters.Tenancy, null);
            entityTypeBuilder.Metadata.FindDeclaredProperty(TenantPropertyNames.TenantId)?.Builder.IsConcurrencyToken(null);
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, TenantPropertyNames.TenantId);
            return;
        }

        BookkeepingPropertyConfigurer.Add(entityTypeBuilder, TenantPropertyNames.TenantId, typeof(string));

        // EF's UPDATE and DELETE then say "WHERE id = @id AND tenant_id = @original": an entity the application attached
        // claiming its own tenant for another tenant's key changes no row (a concurrency failure), not that row.
        entityTypeBuilder.Metadata.FindProperty(TenantPropertyNames.TenantId)?.Builder.IsConcurrencyToken(true);

        if (entityTypeBuilder.Metadata.BaseType == null)
        {
            entityTypeBuilder.HasQueryFilter(VersioningQueryFilters.Tenancy, TenantQueryFilter.For(entityTypeBuilder.Metadata.ClrType));
        }
    }
}
