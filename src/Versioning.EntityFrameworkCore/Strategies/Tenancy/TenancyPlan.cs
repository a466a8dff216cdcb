using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>The tenancy property of one entity type, resolved once per model.</summary>
internal sealed class TenancyPlan(IProperty tenantId)
{
    public IProperty TenantId { get; } = tenantId;

    public static TenancyPlan? For(IEntityType entityType)
        => entityType.IsMultiTenant() ? new TenancyPlan(entityType.GetProperty(TenantPropertyNames.TenantId)) : null;
}
