using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>Validates the activity-log configuration of an entity type and of its properties.</summary>
internal static class ActivityLogValidator
{
    public static void Validate(IReadOnlyEntityType entityType)
    {
        if (!entityType.HasActivityLog())
        {
            return;
        }

        StrategyTargetValidator.ValidateCanUseStrategy(entityType, ActivityLogStrategy.DisplayName);
        StrategyTargetValidator.ValidateMembersAreVersioned(entityType, ActivityLogStrategy.DisplayName);
        ValidateTrackedMembersAreProperties(entityType);

        foreach (var property in entityType.GetDeclaredProperties())
        {
            ValidateProperty(entityType, property);
        }
    }

    private static void ValidateProperty(IReadOnlyEntityType entityType, IReadOnlyProperty property)
    {
        if (property.FindAnnotation(VersioningAnnotationNames.ActivityAction) != null && string.IsNullOrWhiteSpace(property.GetActivityAction()))
        {
            throw new InvalidOperationException(VersioningStrings.ActivityActionEmpty(entityType.DisplayName(), property.Name));
        }

        if (property.IsPrimaryKey())
        {
            if (property.IsRedacted())
            {
                throw new InvalidOperationException(VersioningStrings.RedactedKeyProperty(entityType.DisplayName(), property.Name));
            }

            ValidateFormattable(entityType, property, isKey: true);
            return;
        }

        if (!property.IsRedacted() && !property.IsNotVersioned() && !property.IsVersioningBookkeeping())
        {
            ValidateFormattable(entityType, property, isKey: false);
        }
    }

    private static void ValidateFormattable(IReadOnlyEntityType entityType, IReadOnlyProperty property, bool isKey)
    {
        if (InvariantValueText.For(property) == null)
        {
            throw new InvalidOperationException(
                VersioningStrings.ActivityValueNotText(entityType.DisplayName(), property.Name, TypeDisplayNames.Of(property.ClrType), isKey));
        }
    }

    // [TrackActivity] on a member EF does not map as a scalar property would otherwise be silently ignored.
    private static void ValidateTrackedMembersAreProperties(IReadOnlyEntityType entityType)
    {
        if (entityType.HasSharedClrType)
        {
            return;
        }

        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var member in entityType.ClrType.GetProperties(declared).Cast<MemberInfo>().Concat(entityType.ClrType.GetFields(declared)))
        {
            if (member.GetCustomAttribute<TrackActivityAttribute>() == null || entityType.FindProperty(member.Name) != null)
            {
                continue;
            }

            var why = entityType.FindNavigation(member.Name) != null || entityType.FindSkipNavigation(member.Name) != null
                ? VersioningStrings.ActivityMemberIsNavigation
                : VersioningStrings.ActivityMemberNotMapped;
            throw new InvalidOperationException(
                VersioningStrings.ActivityMemberInvalid(entityType.DisplayName(), member.Name, "[TrackActivity]", why));
        }
    }
}
