using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// The plan of a strategy that keeps each row's tenant (tenancy), as the other strategies ask it: the tenant a row of the
/// entity belongs to, which the rows recording its changes (activity log rows, change events) carry, so that the tenant
/// who sees them is the entity's, also when a save under a tenant bypass changed another tenant's row, or when one bulk
/// statement or raw write changed several tenants' rows.
/// </summary>
internal interface IEntityTenant
{
    /// <summary>The property (a string column) holding a row's tenant, which the database's own log rows read.</summary>
    IProperty TenantId { get; }

    /// <summary>The tenant of <paramref name="entry"/>'s row: its <c>TenantId</c> as saved, as it was loaded for a delete.</summary>
    string? TenantOf(EntityEntry entry);
}

/// <summary>Reads an entry's tenant through its plan's <see cref="IEntityTenant"/>.</summary>
internal static class EntityTenant
{
    /// <summary>The tenant the rows recording <paramref name="entry"/>'s change carry: the entity's, else <paramref name="saveTenant"/>.</summary>
    public static string? Of(EntitySavePlan? plan, EntityEntry entry, string? saveTenant)
        => plan?.Find<IEntityTenant>() is { } tenant ? tenant.TenantOf(entry) : saveTenant;

    /// <summary>
    /// Where the tenant of <paramref name="entityType"/>'s rows is kept, if a strategy keeps one, read from the model alone
    /// (<see cref="VersioningStrategy.FindEntityTenant"/>: also on a migration's model).
    /// </summary>
    public static IEntityTenant? In(IEntityType entityType)
    {
        foreach (var strategy in VersioningStrategies.All)
        {
            if (strategy.FindEntityTenant(entityType) is { } tenant)
            {
                return tenant;
            }
        }

        return null;
    }
}
