using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.Tenancy;

/// <summary>Refuses <c>HasTenantRowLevelSecurity()</c> on an entity type that is not multi-tenant: its policy compares the tenant.</summary>
internal sealed class TenantRowLevelSecurityConvention : IModelFinalizedConvention
{
    public IModel ProcessModelFinalized(IModel model)
    {
        foreach (var entityType in model.GetEntityTypes())
        {
            if (entityType.HasTenantRowLevelSecurity() && !entityType.IsMultiTenant())
            {
                throw new InvalidOperationException(VersioningStrings.RowLevelSecurityWithoutTenancy(entityType.DisplayName()));
            }
        }

        return model;
    }
}
