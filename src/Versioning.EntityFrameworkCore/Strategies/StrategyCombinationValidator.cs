using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// Rejects strategies that cannot share an entity type (DESIGN §4: audit trail, temporal history and replace-on-update
/// each decide what an update writes, so at most one of them), naming the entity and both strategies.
/// </summary>
internal static class StrategyCombinationValidator
{
    public static void Validate(IReadOnlyEntityType entityType)
    {
        var replaceOnUpdate = entityType.IsSoftDeletable() && entityType.IsSoftDeleteReplaceOnUpdate();
        if (entityType.HasAuditTrail())
        {
            ValidateAuditTrail(entityType, replaceOnUpdate);
        }

        if (replaceOnUpdate && entityType.IsTemporal())
        {
            throw Exclusive(entityType, VersioningStrategyNames.SoftDeleteReplaceOnUpdate, VersioningStrategyNames.TemporalHistory);
        }

        if (replaceOnUpdate && entityType.HasActivityLog())
        {
            // The log would have to describe one row replaced by another under a new key; until that is designed, say
            // so at model building rather than log it wrongly.
            throw new InvalidOperationException(
                VersioningStrings.StrategiesNotCombinableYet(
                    entityType.DisplayName(), VersioningStrategyNames.SoftDeleteReplaceOnUpdate, VersioningStrategyNames.ActivityLog));
        }
    }

    private static void ValidateAuditTrail(IReadOnlyEntityType entityType, bool replaceOnUpdate)
    {
        if (replaceOnUpdate)
        {
            throw Exclusive(entityType, VersioningStrategyNames.AuditTrail, VersioningStrategyNames.SoftDeleteReplaceOnUpdate);
        }

        if (entityType.IsTemporal())
        {
            throw Exclusive(entityType, VersioningStrategyNames.AuditTrail, VersioningStrategyNames.TemporalHistory);
        }

        if (entityType.HasActivityLog())
        {
            // As with replace-on-update: an update is one row retired and another inserted under a new key, which the
            // log does not describe yet.
            throw new InvalidOperationException(
                VersioningStrings.StrategiesNotCombinableYet(
                    entityType.DisplayName(), VersioningStrategyNames.AuditTrail, VersioningStrategyNames.ActivityLog));
        }
    }

    private static InvalidOperationException Exclusive(IReadOnlyEntityType entityType, string first, string second)
        => new(VersioningStrings.StrategiesExclusive(entityType.DisplayName(), first, second));
}
