using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.SoftDelete;

/// <summary>
/// Shapes the model of a soft-deletable entity type: adds <c>IsDeleted</c> (database default <see langword="false"/>),
/// <c>DeletedAt</c>, <c>DeletedBy</c>, <c>DeletedReason</c>, <c>PurgeAt</c> (with a retention) and <c>ReplacesId</c>
/// (with replace-on-update), shadow unless the class declares them, and the named query filter
/// <see cref="VersioningQueryFilters.SoftDelete"/> on the root of the hierarchy (EF only filters roots).
/// </summary>
internal sealed class SoftDeleteConvention : IEntityTypeAnnotationChangedConvention, IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessEntityTypeAnnotationChanged(
        IConventionEntityTypeBuilder entityTypeBuilder,
        string name,
        IConventionAnnotation? annotation,
        IConventionAnnotation? oldAnnotation,
        IConventionContext<IConventionAnnotation> context)
    {
        switch (name)
        {
            case VersioningAnnotationNames.SoftDelete:
                if (annotation?.Value is true)
                {
                    AddFlags(entityTypeBuilder);
                }
                else
                {
                    RemoveFlags(entityTypeBuilder);
                }

                break;
            case VersioningAnnotationNames.SoftDeletePurgeAfter:
                AddOrRemove(entityTypeBuilder, SoftDeletePropertyNames.PurgeAt, typeof(DateTime?), annotation?.Value != null);
                break;
        }
    }

    /// <summary>
    /// <c>ReplacesId</c> takes the type of the primary key, which may be configured after <c>HasSoftDelete</c>, so it is
    /// added when the model is complete; so is <c>IsDeleted</c>'s role as the replacement's concurrency token.
    /// </summary>
    /// <param name="modelBuilder">The builder of the model.</param>
    /// <param name="context">The convention context.</param>
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            if (entityType.BaseType == null
                && entityType.IsSoftDeleteReplaceOnUpdate()
                && entityType.FindPrimaryKey() is { Properties: [var key] })
            {
                var keyType = key.ClrType.IsValueType ? typeof(Nullable<>).MakeGenericType(key.ClrType) : key.ClrType;
                BookkeepingPropertyConfigurer.Add(entityType.Builder, SoftDeletePropertyNames.ReplacesId, keyType);

                // Replacing a record retires it with "UPDATE ... WHERE key = @k AND is_deleted = false": of two writers
                // that loaded the same record only the first replaces it; the second gets a concurrency exception
                // instead of retiring a retired record again and adding a second current one.
                entityType.FindProperty(SoftDeletePropertyNames.IsDeleted)?.Builder.IsConcurrencyToken(true);
            }
        }
    }

    private static void AddFlags(IConventionEntityTypeBuilder entityTypeBuilder)
    {
        BookkeepingPropertyConfigurer.Add(entityTypeBuilder, SoftDeletePropertyNames.IsDeleted, typeof(bool));
        entityTypeBuilder.Metadata.FindProperty(SoftDeletePropertyNames.IsDeleted)?.Builder.HasDefaultValue(false);
        BookkeepingPropertyConfigurer.Add(entityTypeBuilder, SoftDeletePropertyNames.DeletedAt, typeof(DateTime?));
        BookkeepingPropertyConfigurer.Add(entityTypeBuilder, SoftDeletePropertyNames.DeletedBy, typeof(string));
        BookkeepingPropertyConfigurer.Add(entityTypeBuilder, SoftDeletePropertyNames.DeletedReason, typeof(string));
        if (entityTypeBuilder.Metadata.GetSoftDeletePurgeAfter() != null)
        {
            BookkeepingPropertyConfigurer.Add(entityTypeBuilder, SoftDeletePropertyNames.PurgeAt, typeof(DateTime?));
        }

        var entityType = entityTypeBuilder.Metadata;
        if (entityType.BaseType == null)
        {
            // !EF.Property<bool>(e, "IsDeleted"): works for shadow and CLR properties alike.
            var entity = Expression.Parameter(entityType.ClrType, "e");
            var isDeleted = Expression.Call(
                typeof(EF), nameof(EF.Property), [typeof(bool)], entity, Expression.Constant(SoftDeletePropertyNames.IsDeleted));
            entityTypeBuilder.HasQueryFilter(VersioningQueryFilters.SoftDelete, Expression.Lambda(Expression.Not(isDeleted), entity));
        }
    }

    private static void RemoveFlags(IConventionEntityTypeBuilder entityTypeBuilder)
    {
        entityTypeBuilder.HasQueryFilter(VersioningQueryFilters.SoftDelete, null);
        foreach (var name in new[]
                 {
                     SoftDeletePropertyNames.IsDeleted, SoftDeletePropertyNames.DeletedAt, SoftDeletePropertyNames.DeletedBy,
                     SoftDeletePropertyNames.DeletedReason, SoftDeletePropertyNames.PurgeAt,
                 })
        {
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, name);
        }
    }

    private static void AddOrRemove(IConventionEntityTypeBuilder entityTypeBuilder, string name, Type shadowType, bool add)
    {
        if (add && entityTypeBuilder.Metadata.IsSoftDeletable())
        {
            BookkeepingPropertyConfigurer.Add(entityTypeBuilder, name, shadowType);
        }
        else if (!add)
        {
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, name);
        }
    }
}
