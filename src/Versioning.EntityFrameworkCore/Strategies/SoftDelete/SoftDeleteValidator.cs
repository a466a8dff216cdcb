using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>Validates the soft-delete configuration of an entity type.</summary>
internal static class SoftDeleteValidator
{
    private static readonly Type[] TimestampTypes = [typeof(DateTime?), typeof(DateTimeOffset?)];
    private static readonly Type[] FlagTypes = [typeof(bool)];
    private static readonly Type[] TextTypes = [typeof(string)];

    public static void Validate(IReadOnlyEntityType entityType)
    {
        if (!entityType.IsSoftDeletable())
        {
            return;
        }

        var strategy = entityType.IsSoftDeleteReplaceOnUpdate()
            ? SoftDeleteStrategy.ReplaceOnUpdateDisplayName
            : SoftDeleteStrategy.DisplayName;
        StrategyTargetValidator.ValidateCanUseStrategy(entityType, strategy);

        // EF filters only the root of a hierarchy, so a soft-deletable derived type under a plain root would show its
        // deleted rows through the root's queries.
        if (entityType.GetRootType() is var root && root != entityType && !root.IsSoftDeletable())
        {
            throw new InvalidOperationException(VersioningStrings.SoftDeleteOnDerivedType(entityType.DisplayName(), root.DisplayName()));
        }

        StrategyTargetValidator.ValidateProperty(entityType, strategy, SoftDeletePropertyNames.IsDeleted, FlagTypes);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, SoftDeletePropertyNames.DeletedAt, TimestampTypes);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, SoftDeletePropertyNames.DeletedBy, TextTypes);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, SoftDeletePropertyNames.DeletedReason, TextTypes);
        if (entityType.GetSoftDeletePurgeAfter() != null)
        {
            StrategyTargetValidator.ValidateProperty(entityType, strategy, SoftDeletePropertyNames.PurgeAt, TimestampTypes);
        }

        if (entityType.IsSoftDeleteReplaceOnUpdate())
        {
            ValidateReplaceOnUpdate(entityType, strategy);
        }
    }

    // A replacement needs a new key for the new row: only a single generated key property can give one.
    private static void ValidateReplaceOnUpdate(IReadOnlyEntityType entityType, string strategy)
    {
        if (entityType.FindPrimaryKey() is not { Properties: [var key] } || key.ValueGenerated == ValueGenerated.Never)
        {
            throw new InvalidOperationException(VersioningStrings.ReplaceOnUpdateNeedsGeneratedKey(entityType.DisplayName()));
        }

        // Owned entities are rows keyed by their owner's key: a new owner key would orphan or move them.
        if (StrategyTargetValidator.FindOwnedNavigation(entityType) is { } owned)
        {
            throw new InvalidOperationException(
                VersioningStrings.ReplaceOnUpdateWithOwnedType(entityType.DisplayName(), owned.TargetEntityType.DisplayName()));
        }

        var keyType = Nullable.GetUnderlyingType(key.ClrType) ?? key.ClrType;
        StrategyTargetValidator.ValidateProperty(
            entityType, strategy, SoftDeletePropertyNames.ReplacesId, keyType.IsValueType ? [typeof(Nullable<>).MakeGenericType(keyType)] : [keyType]);
    }
}
