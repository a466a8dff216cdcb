using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// Adds the bookkeeping properties a strategy needs: the entity's own CLR property when it declares one with the
/// expected name, a shadow property otherwise. Removes only what it added when the strategy is switched off.
/// </summary>
internal static class BookkeepingPropertyConfigurer
{
    public static void Add(IConventionEntityTypeBuilder entityTypeBuilder, string name, Type shadowType)
    {
        var entityType = entityTypeBuilder.Metadata;
        if (entityType.FindProperty(name) is { } existing)
        {
            MarkAsBookkeeping(existing.Builder);
            return;
        }

        var member = entityType.HasSharedClrType
            ? null
            : entityType.ClrType.GetProperty(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        var propertyBuilder = member != null ? entityTypeBuilder.Property(member) : entityTypeBuilder.Property(shadowType, name);
        if (propertyBuilder != null)
        {
            MarkAsBookkeeping(propertyBuilder);
        }
    }

    // Strategies that observe changes (the activity log) must not report the pipeline's own writes (UpdatedAt changes
    // on every save) as changes of the entity.
    private static void MarkAsBookkeeping(IConventionPropertyBuilder propertyBuilder)
        => propertyBuilder.HasAnnotation(VersioningAnnotationNames.Bookkeeping, true);

    public static void RemoveIfAddedByConvention(IConventionEntityTypeBuilder entityTypeBuilder, string name)
    {
        var property = entityTypeBuilder.Metadata.FindDeclaredProperty(name);
        if (property != null && property.IsShadowProperty() && property.GetConfigurationSource() == ConfigurationSource.Convention)
        {
            entityTypeBuilder.HasNoProperty(property);
        }
        else
        {
            // A declared property stays an ordinary property of the entity again.
            property?.Builder.HasNoAnnotation(VersioningAnnotationNames.Bookkeeping);
        }
    }
}
