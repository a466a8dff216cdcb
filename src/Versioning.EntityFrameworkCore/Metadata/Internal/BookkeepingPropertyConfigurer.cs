using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.EntityFrameworkCore.Metadata.Internal;

/// <summary>
/// Adds the bookkeeping properties a strategy needs: the entity's own CLR property when it declares one with the
/// expected name, a shadow property otherwise. Removes only what it added when the strategy is switched off.
/// </summary>
internal static class BookkeepingPropertyConfigurer
{
    public static void Add(IConventionEntityTypeBuilder entityTypeBuilder, string name, Type shadowType)
    {
        var entityType = entityTypeBuilder.Metadata;
        if (entityType.FindProperty(name) != null)
        {
            return;
        }

        var member = entityType.HasSharedClrType
            ? null
            : entityType.ClrType.GetProperty(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        if (member != null)
        {
            entityTypeBuilder.Property(member);
        }
        else
        {
            entityTypeBuilder.Property(shadowType, name);
        }
    }

    public static void RemoveIfAddedByConvention(IConventionEntityTypeBuilder entityTypeBuilder, string name)
    {
        var property = entityTypeBuilder.Metadata.FindDeclaredProperty(name);
        if (property != null && property.IsShadowProperty() && property.GetConfigurationSource() == ConfigurationSource.Convention)
        {
            entityTypeBuilder.HasNoProperty(property);
        }
    }
}
