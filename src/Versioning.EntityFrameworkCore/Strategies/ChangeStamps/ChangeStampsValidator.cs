using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeStamps;

/// <summary>Validates the change-stamps configuration of an entity type.</summary>
internal static class ChangeStampsValidator
{
    private static readonly Type[] TimestampTypes = [typeof(DateTime), typeof(DateTime?), typeof(DateTimeOffset), typeof(DateTimeOffset?)];
    private static readonly Type[] ActorTypes = [typeof(string)];

    public static void Validate(IReadOnlyEntityType entityType)
    {
        if (!entityType.HasChangeStamps())
        {
            return;
        }

        const string strategy = ChangeStampsStrategy.DisplayName;
        StrategyTargetValidator.ValidateCanUseStrategy(entityType, strategy);
        StrategyTargetValidator.ValidateMembersAreVersioned(entityType, strategy);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, ChangeStampPropertyNames.CreatedAt, TimestampTypes);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, ChangeStampPropertyNames.CreatedBy, ActorTypes);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, ChangeStampPropertyNames.UpdatedAt, TimestampTypes);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, ChangeStampPropertyNames.UpdatedBy, ActorTypes);
    }
}
