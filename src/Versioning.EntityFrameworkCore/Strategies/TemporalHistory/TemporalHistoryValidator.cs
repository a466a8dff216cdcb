using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>Validates the temporal-history configuration of an entity type.</summary>
internal static class TemporalHistoryValidator
{
    private static readonly Type[] TimestampTypes = [typeof(DateTime), typeof(DateTimeOffset)];
    private static readonly Type[] VersionTypes = [typeof(int)];
    private static readonly Type[] AuthorTypes = [typeof(string)];
    private static readonly string[] HistoryOnlyProperties = [TemporalPropertyNames.ValidTo, TemporalPropertyNames.RemovedBy];

    public static void Validate(IReadOnlyEntityType entityType)
    {
        if (!entityType.IsTemporal())
        {
            return;
        }

        const string strategy = TemporalHistoryStrategy.DisplayName;
        StrategyTargetValidator.ValidateCanUseStrategy(entityType, strategy);
        StrategyTargetValidator.ValidateMembersAreVersioned(entityType, strategy);
        if (entityType.BaseType != null || entityType.GetDerivedTypes().Any())
        {
            throw new InvalidOperationException(VersioningStrings.TemporalOnHierarchy(entityType.DisplayName()));
        }

        StrategyTargetValidator.ValidateProperty(entityType, strategy, TemporalPropertyNames.ValidFrom, TimestampTypes);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, TemporalPropertyNames.Version, VersionTypes);
        StrategyTargetValidator.ValidateProperty(entityType, strategy, TemporalPropertyNames.ChangedBy, AuthorTypes);
        foreach (var name in HistoryOnlyProperties)
        {
            if (entityType.FindProperty(name) != null)
            {
                throw new InvalidOperationException(VersioningStrings.TemporalReservedProperty(entityType.DisplayName(), name));
            }
        }

        var excluded = entityType.GetTemporalRedaction() == TemporalRedaction.Exclude;
        foreach (var property in Metadata.ComplexMembers.RowPropertiesOf<IReadOnlyProperty>(entityType))
        {
            if (!property.IsRedacted())
            {
                continue;
            }

            // Left out, past versions read null; masked, the history keeps the mask, which only a text column can hold.
            if (excluded && !property.IsNullable)
            {
                throw new InvalidOperationException(VersioningStrings.TemporalExcludedNotNullable(entityType.DisplayName(), Metadata.ComplexMembers.PathOf(property)));
            }

            if (!excluded && (property.DeclaringType is not IReadOnlyEntityType || property.ClrType != typeof(string)))
            {
                throw new InvalidOperationException(VersioningStrings.TemporalRedactedNotText(entityType.DisplayName(), Metadata.ComplexMembers.PathOf(property)));
            }
        }

        ValidateHistoryTable(entityType);
    }

    /// <summary>Whether the history entity type can be built; what fails here is reported by <see cref="Validate"/>.</summary>
    public static bool CanHaveHistoryTable(IReadOnlyEntityType entityType)
        => entityType.FindOwnership() == null
            && entityType.FindPrimaryKey() != null
            && entityType.BaseType == null
            && !entityType.GetDerivedTypes().Any()
            && entityType.FindProperty(TemporalPropertyNames.ValidFrom)?.ClrType is { } validFrom && TimestampTypes.Contains(validFrom)
            && entityType.FindProperty(TemporalPropertyNames.Version)?.ClrType is { } version && VersionTypes.Contains(version)
            && entityType.FindProperty(TemporalPropertyNames.ChangedBy)?.ClrType is { } author && AuthorTypes.Contains(author)
            && HistoryOnlyProperties.All(p => entityType.FindProperty(p) == null);

    private static void ValidateHistoryTable(IReadOnlyEntityType entityType)
    {
        if (entityType.FindTemporalHistoryEntityType() is not { } history || history.GetTableName() is not { } table)
        {
            return;
        }

        var schema = history.GetSchema();
        foreach (var other in entityType.Model.GetEntityTypes())
        {
            if (!ReferenceEquals(other, history)
                && string.Equals(other.GetTableName(), table, StringComparison.OrdinalIgnoreCase)
                && other.GetSchema() == schema)
            {
                throw new InvalidOperationException(
                    VersioningStrings.TemporalHistoryTableCollision(entityType.DisplayName(), table, other.DisplayName()));
            }
        }
    }
}
