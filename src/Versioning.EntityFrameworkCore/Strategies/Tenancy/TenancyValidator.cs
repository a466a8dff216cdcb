using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>Validates the tenancy configuration of an entity type.</summary>
internal static class TenancyValidator
{
    private static readonly Type[] TenantTypes = [typeof(string)];

    public static void Validate(IReadOnlyEntityType entityType)
    {
        if (!entityType.IsMultiTenant())
        {
            return;
        }

        const string strategy = TenancyStrategy.DisplayName;
        StrategyTargetValidator.ValidateCanUseStrategy(entityType, strategy);
        if (entityType.BaseType is { } baseType && !baseType.IsMultiTenant())
        {
            // EF filters a hierarchy at its root: a derived type alone cannot hide other tenants' rows.
            throw new InvalidOperationException(VersioningStrings.TenancyNotOnRoot(entityType.DisplayName(), entityType.GetRootType().DisplayName()));
        }

        StrategyTargetValidator.ValidateProperty(entityType, strategy, TenantPropertyNames.TenantId, TenantTypes);
    }
}
