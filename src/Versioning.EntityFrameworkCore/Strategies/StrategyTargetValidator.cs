using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>Checks that an entity type can carry a strategy at all, and that its bookkeeping properties fit.</summary>
internal static class StrategyTargetValidator
{
    public static void ValidateCanUseStrategy(IReadOnlyEntityType entityType, string strategy)
    {
        if (entityType.FindOwnership() is { } ownership)
        {
            throw new InvalidOperationException(
                VersioningStrings.StrategyOnOwnedType(entityType.DisplayName(), strategy, ownership.PrincipalEntityType.DisplayName()));
        }

        if (entityType.FindPrimaryKey() == null)
        {
            throw new InvalidOperationException(VersioningStrings.StrategyOnKeylessType(entityType.DisplayName(), strategy));
        }
    }

    public static void ValidateProperty(
        IReadOnlyEntityType entityType, string strategy, string propertyName, IReadOnlyList<Type> allowedTypes)
    {
        var property = entityType.FindProperty(propertyName)
            ?? throw new InvalidOperationException(
                VersioningStrings.BookkeepingPropertyMissing(entityType.DisplayName(), strategy, propertyName));

        if (!allowedTypes.Contains(property.ClrType))
        {
            throw new InvalidOperationException(
                VersioningStrings.BookkeepingPropertyWrongType(
                    entityType.DisplayName(),
                    strategy,
                    propertyName,
                    TypeDisplayNames.Of(property.ClrType),
                    string.Join(" or ", allowedTypes.Select(TypeDisplayNames.Of))));
        }
    }
}
