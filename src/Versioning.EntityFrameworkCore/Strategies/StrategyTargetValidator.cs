using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// Checks that an entity type can carry a strategy at all (not owned, keyed, a table of its own), that its members are
/// ones the strategy versions, and that its bookkeeping properties fit.
/// </summary>
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

        if (FindTableSharer(entityType) is { } sharer)
        {
            throw new InvalidOperationException(
                VersioningStrings.StrategyOnSharedTable(entityType.DisplayName(), strategy, entityType.GetTableName()!, sharer.DisplayName()));
        }
    }

    /// <summary>
    /// Refuses the members a strategy that copies or compares the entity's values does not see: owned types (rows of
    /// entries of their own), complex collections and complex properties mapped to JSON. Complex properties stored in
    /// columns are versioned (see <see cref="Metadata.ComplexMembers"/>).
    /// </summary>
    public static void ValidateMembersAreVersioned(IReadOnlyEntityType entityType, string strategy)
    {
        if (FindOwnedNavigation(entityType) is { } owned)
        {
            throw new InvalidOperationException(
                VersioningStrings.StrategyOnOwnerOfOwnedType(entityType.DisplayName(), strategy, owned.Name, owned.TargetEntityType.DisplayName()));
        }

        if (Metadata.ComplexMembers.FindUnversionable(entityType) is { } complex)
        {
            throw new InvalidOperationException(VersioningStrings.StrategyOnUnversionableComplexProperty(entityType.DisplayName(), strategy, complex));
        }
    }

    /// <summary>A navigation from <paramref name="entityType"/> to a type it owns, or <see langword="null"/>.</summary>
    public static IReadOnlyNavigation? FindOwnedNavigation(IReadOnlyEntityType entityType)
        => entityType.GetNavigations().FirstOrDefault(n => n.ForeignKey.IsOwnership && !n.IsOnDependent);

    /// <summary>
    /// Another entity type mapped to the same table that is neither in the hierarchy of <paramref name="entityType"/>
    /// nor owned by it (table splitting).
    /// </summary>
    private static IReadOnlyEntityType? FindTableSharer(IReadOnlyEntityType entityType)
    {
        if (entityType.GetTableName() is not { } table)
        {
            return null;
        }

        var schema = entityType.GetSchema();
        var root = entityType.GetRootType();
        return entityType.Model.GetEntityTypes().FirstOrDefault(other =>
            other.GetRootType() != root
            && other.GetTableName() == table
            && other.GetSchema() == schema
            && !IsOwnedBy(other, root));
    }

    private static bool IsOwnedBy(IReadOnlyEntityType entityType, IReadOnlyEntityType owner)
    {
        for (var ownership = entityType.FindOwnership(); ownership != null; ownership = ownership.PrincipalEntityType.FindOwnership())
        {
            if (ownership.PrincipalEntityType.GetRootType() == owner)
            {
                return true;
            }
        }

        return false;
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
