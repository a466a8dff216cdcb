using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>Validates the audit-trail configuration of an entity type.</summary>
internal static class AuditTrailValidator
{
    private static readonly Type[] RevisionTypes = [typeof(int)];
    private static readonly Type[] FlagTypes = [typeof(bool)];
    private static readonly Type[] ActorTypes = [typeof(string)];

    public static void Validate(IReadOnlyEntityType entityType)
    {
        if (!entityType.HasAuditTrail())
        {
            return;
        }

        const string strategy = AuditTrailStrategy.DisplayName;
        StrategyTargetValidator.ValidateCanUseStrategy(entityType, strategy);
        StrategyTargetValidator.ValidateMembersAreVersioned(entityType, strategy);
        if (entityType.GetRootType() is var root && root != entityType && !root.HasAuditTrail())
        {
            throw new InvalidOperationException(VersioningStrings.AuditTrailOnDerivedType(entityType.DisplayName(), root.DisplayName()));
        }

        if (!entityType.IsSoftDeletable())
        {
            throw new InvalidOperationException(VersioningStrings.AuditTrailWithoutSoftDelete(entityType.DisplayName()));
        }

        // Every update inserts a row under a new key: only a single generated key property can give one.
        if (entityType.FindPrimaryKey() is not { Properties: [var key] } || key.ValueGenerated == ValueGenerated.Never)
        {
            throw new InvalidOperationException(VersioningStrings.AuditTrailNeedsGeneratedKey(entityType.DisplayName()));
        }

        StrategyTargetValidator.ValidateProperty(entityType, strategy, AuditTrailPropertyNames.Revision, RevisionTypes);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, AuditTrailPropertyNames.IsCurrent, FlagTypes);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, AuditTrailPropertyNames.ModifiedBy, ActorTypes);
        var keyType = Nullable.GetUnderlyingType(key.ClrType) ?? key.ClrType;
        StrategyTargetValidator.ValidateProperty(
            entityType, strategy, AuditTrailPropertyNames.RootId, keyType.IsValueType ? [typeof(Nullable<>).MakeGenericType(keyType)] : [keyType]);
    }
}
