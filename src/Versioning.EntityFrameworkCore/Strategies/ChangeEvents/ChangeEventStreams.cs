using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>The stream of an entity instance, tracked or not: its type's name and its key as text.</summary>
internal static class ChangeEventStreams
{
    public static (string StreamType, string StreamId) Of(DbContext context, object entity)
    {
        var entityType = EntityKeyText.EntityTypeOf(context.Model, entity.GetType());
        if (!entityType.HasChangeEvents())
        {
            throw new InvalidOperationException(VersioningStrings.ChangeEventTargetNotConfigured(entityType.DisplayName()));
        }

        var (key, text) = EntityKeyText.Of(entityType, entity);
        return (key.EntityTypeName, text);
    }
}
