using System.Text;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Metadata;

/// <summary>
/// How an entity is identified in text (the activity log's <c>EntityType</c>/<c>EntityId</c>, a change event's stream):
/// <c>EntityTypeName</c> is the short name of the root of its hierarchy
/// (the key belongs to the whole hierarchy, so a row stays findable through the base type), with its type arguments
/// when it is generic (<c>Item&lt;Quote&gt;</c>: EF's short name drops them, and every <c>Item&lt;T&gt;</c> would share
/// one name and each other's rows); the key is
/// as invariant text, the parts of a composite key joined by <c>,</c> with <c>,</c> and <c>\</c> escaped by <c>\</c>.
/// </summary>
internal sealed class EntityKeyText
{
    private readonly IProperty[] _properties;
    private readonly Func<object?, string?>[] _formatters;

    private EntityKeyText(IEntityType entityType)
    {
        var root = entityType.GetRootType();
        EntityTypeName = root.ClrType.IsGenericType && !root.HasSharedClrType ? root.DisplayName() : root.ShortName();
        _properties = [.. entityType.FindPrimaryKey()!.Properties];
        _formatters = [.. _properties.Select(p => InvariantValueText.For(p) ?? InvariantValueText.Format)];
    }

    public string EntityTypeName { get; }

    public IReadOnlyList<IProperty> Properties => _properties;

    public static EntityKeyText For(IEntityType entityType)
        => entityType.GetOrAddRuntimeAnnotationValue(
            VersioningAnnotationNames.EntityKeyText, static t => new EntityKeyText(t!), entityType);

    /// <summary>The key text of an entity instance, tracked or not, read from the instance itself.</summary>
    public static (EntityKeyText Key, string Text) Of(IModel model, object entity)
        => Of(EntityTypeOf(model, entity.GetType()), entity);

    /// <summary>The key text of an instance of <paramref name="entityType"/>, tracked or not, read from the instance itself.</summary>
    public static (EntityKeyText Key, string Text) Of(IEntityType entityType, object entity)
    {
        var key = For(entityType);
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

        return (key, key.Format(values));
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

    /// <summary>Whether the database has yet to generate part of the key (the entry holds a temporary value).</summary>
    public bool IsTemporary(EntityEntry entry) => IsTemporary(_properties, entry);

    /// <summary>
    /// Whether <paramref name="entry"/>'s key is one no generator produces (every part <c>ValueGenerated.Never</c>, none
    /// temporary): a natural key, which can come back after a delete, so its history may already hold rows of the key.
    /// A generated key is taken to be new (looking each one up would cost every insert a query).
    /// </summary>
    public static bool IsChosen(IReadOnlyList<IProperty> key, EntityEntry entry)
    {
        foreach (var property in key)
        {
            if (property.ValueGenerated != ValueGenerated.Never || entry.Property(property).IsTemporary)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the database has yet to generate part of <paramref name="key"/> in <paramref name="entry"/>.</summary>
    public static bool IsTemporary(IReadOnlyList<IProperty> key, EntityEntry entry)
    {
        foreach (var property in key)
        {
            if (entry.Property(property).IsTemporary)
            {
                return true;
            }
        }

        return false;
    }

    public string Format(EntityEntry entry)
        => _properties.Length == 1
            ? _formatters[0](entry.CurrentValues[_properties[0]]) ?? ""
            : Format(i => entry.CurrentValues[_properties[i]]);

    public string Format(IReadOnlyList<object?> keyValues)
        => _properties.Length == 1 ? _formatters[0](keyValues[0]) ?? "" : Format(i => keyValues[i]);

    private string Format(Func<int, object?> valueAt)
    {
        var text = new StringBuilder();
        for (var i = 0; i < _properties.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            foreach (var c in _formatters[i](valueAt(i)) ?? "")
            {
                if (c is ',' or '\\')
                {
                    text.Append('\\');
                }

                text.Append(c);
            }
        }

        return text.ToString();
    }
}
