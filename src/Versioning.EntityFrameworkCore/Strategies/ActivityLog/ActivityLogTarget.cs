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
        var (key, text) = EntityKeyText.Of(model, entity);
        return new ActivityLogTarget(key, text);
    }

    public static ActivityLogTarget Of(IModel model, Type type, IReadOnlyList<object?> keyValues)
    {
        var entityType = EntityKeyText.EntityTypeOf(model, type);
        var key = EntityKeyText.For(entityType);
        if (keyValues.Count != key.Properties.Count)
        {
            throw new ArgumentException(VersioningStrings.WrongKeyValueCount(entityType.DisplayName(), key.Properties.Count, keyValues.Count));
        }

        return new ActivityLogTarget(key, key.Format(keyValues));
    }
}
