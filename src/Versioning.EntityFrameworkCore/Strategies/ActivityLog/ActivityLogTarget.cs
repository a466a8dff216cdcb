using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// The <c>EntityType</c>/<c>EntityId</c> pair under which an entity instance, or a type and key, appears in the activity
/// log, for entities that need not be tracked (manual activities, <c>For(entity)</c> queries).
/// </summary>
/// <param name="Key">How the entity's type identifies its rows.</param>
/// <param name="EntityId">The entity's key as text.</param>
internal readonly record struct ActivityLogTarget(EntityKeyText Key, string EntityId)
{
    public static ActivityLogTarget Of(IModel model, object entity)
    {
        var entityType = EntityTypeOf(model, entity.GetType());
        var key = EntityKeyText.For(entityType);
        var values = new object?[key.Properties.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var property = key.Properties[i];
            if (property.PropertyInfo == null && property.FieldInfo == null)
            {
                throw new InvalidOperationException(VersioningStrings.ShadowKeyNotReadable(entityType.DisplayName(), property.Name));
            }

            values[i] = property.GetGetter().GetClrValueUsingContainingEntity(entity);
        }

        return new ActivityLogTarget(key, key.Format(values));
    }

    public static ActivityLogTarget Of(IModel model, Type type, IReadOnlyList<object?> keyValues)
    {
        var entityType = EntityTypeOf(model, type);
        var key = EntityKeyText.For(entityType);
        if (keyValues.Count != key.Properties.Count)
        {
            throw new ArgumentException(VersioningStrings.WrongKeyValueCount(entityType.DisplayName(), key.Properties.Count, keyValues.Count));
        }

        return new ActivityLogTarget(key, key.Format(keyValues));
    }

    /// <summary>The entity type of a CLR type, looking through proxies and other derived classes EF does not map.</summary>
    public static IEntityType EntityTypeOf(IModel model, Type type)
    {
        for (var candidate = type; candidate != null; candidate = candidate.BaseType)
        {
            if (model.FindEntityType(candidate) is { } entityType)
            {
                return entityType;
            }
        }

        throw new InvalidOperationException(VersioningStrings.NotAnEntity(TypeDisplayNames.Of(type)));
    }
}
