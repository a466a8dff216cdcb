using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>Validates the change-events configuration of an entity type.</summary>
internal static class ChangeEventsValidator
{
    private static readonly Type[] VersionTypes = [typeof(long), typeof(int)];

    public static void Validate(IReadOnlyEntityType entityType)
    {
        if (!entityType.HasChangeEvents())
        {
            return;
        }

        const string strategy = ChangeEventsStrategy.DisplayName;
        StrategyTargetValidator.ValidateCanUseStrategy(entityType, strategy);
        StrategyTargetValidator.ValidateMembersAreVersioned(entityType, strategy);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, ChangeEventsConvention.StreamVersion, VersionTypes);
        foreach (var property in entityType.GetDeclaredProperties())
        {
            if (InvariantValueText.For(property) == null && (property.IsPrimaryKey() || !property.IsNotVersioned() && !property.IsRedacted()))
            {
                throw new InvalidOperationException(VersioningStrings.ChangeEventMemberCannotBeJson(entityType.DisplayName(), property.Name));
            }
        }
    }
}
