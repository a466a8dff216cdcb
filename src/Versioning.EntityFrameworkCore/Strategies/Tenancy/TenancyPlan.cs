using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>The tenancy property of one entity type, resolved once per model; the tenant of its rows for the other strategies.</summary>
internal sealed class TenancyPlan(IProperty tenantId) : IEntityTenant
{
    public IProperty TenantId { get; } = tenantId;

    public string? TenantOf(EntityEntry entry)
        => (string?)(entry.State == EntityState.Deleted ? entry.OriginalValues[TenantId] : entry.CurrentValues[TenantId]);

    public static TenancyPlan? For(IEntityType entityType)
        => entityType.IsMultiTenant() ? new TenancyPlan(entityType.GetProperty(TenantPropertyNames.TenantId)) : null;
}
