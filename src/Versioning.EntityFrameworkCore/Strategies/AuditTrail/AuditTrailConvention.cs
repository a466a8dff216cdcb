using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// Shapes the model of an audit-trail entity type: makes it soft-deletable (a delete soft-deletes the current revision),
/// adds <c>Revision</c>, <c>IsCurrent</c> (a concurrency token: the UPDATE that retires a revision only succeeds while it
/// is still current), <c>ModifiedBy</c> and <c>RootId</c> (typed like the key, with an index for history queries), shadow
/// unless the class declares them, and the named query filter <see cref="VersioningQueryFilters.AuditTrail"/> on the root
/// of the hierarchy.
/// </summary>
internal sealed class AuditTrailConvention : IEntityTypeAnnotationChangedConvention, IModelFinalizingConvention
{
    private static readonly string[] AddedNames =
        [AuditTrailPropertyNames.Revision, AuditTrailPropertyNames.IsCurrent, AuditTrailPropertyNames.ModifiedBy, AuditTrailPropertyNames.RootId];

    /// <inheritdoc />
    public void ProcessEntityTypeAnnotationChanged(
        IConventionEntityTypeBuilder entityTypeBuilder,
        string name,
        IConventionAnnotation? annotation,
        IConventionAnnotation? oldAnnotation,
        IConventionContext<IConventionAnnotation> context)
    {
        if (name != VersioningAnnotationNames.AuditTrail)
        {
            return;
        }

        if (annotation?.Value is true)
        {
            Add(entityTypeBuilder);
        }
        else
        {
            Remove(entityTypeBuilder);
        }
    }

    /// <summary>
    /// <c>RootId</c> takes the type of the primary key, which may be configured after <c>HasAuditTrail</c>, so it is added
    /// when the model is complete.
    /// </summary>
    /// <param name="modelBuilder">The builder of the model.</param>
    /// <param name="context">The convention context.</param>
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            if (entityType.BaseType == null && entityType.HasAuditTrail() && entityType.FindPrimaryKey() is { Properties: [var key] })
            {
                var keyType = key.ClrType.IsValueType ? typeof(Nullable<>).MakeGenericType(key.ClrType) : key.ClrType;
                BookkeepingPropertyConfigurer.Add(entityType.Builder, AuditTrailPropertyNames.RootId, keyType);
                if (entityType.FindProperty(AuditTrailPropertyNames.RootId) is { } rootId)
                {
                    entityType.Builder.HasIndex([rootId]);
                }
            }
        }
    }

    private static void Add(IConventionEntityTypeBuilder entityTypeBuilder)
    {
        // Seed 'Entity': is_deleted, deleted_at... on the same table; a deleted entity is its soft-deleted current revision.
        entityTypeBuilder.HasSoftDelete(true);
        BookkeepingPropertyConfigurer.Add(entityTypeBuilder, AuditTrailPropertyNames.Revision, typeof(int));
        BookkeepingPropertyConfigurer.Add(entityTypeBuilder, AuditTrailPropertyNames.IsCurrent, typeof(bool));
        BookkeepingPropertyConfigurer.Add(entityTypeBuilder, AuditTrailPropertyNames.ModifiedBy, typeof(string));

        // The audit trail's concurrency check: retiring a revision is "UPDATE ... WHERE key = @k AND is_current = true",
        // so of two writers that loaded the same current revision only the first affects a row; no Serializable needed.
        entityTypeBuilder.Metadata.FindProperty(AuditTrailPropertyNames.IsCurrent)?.Builder.IsConcurrencyToken(true);

        var entityType = entityTypeBuilder.Metadata;
        if (entityType.BaseType == null)
        {
            var entity = Expression.Parameter(entityType.ClrType, "e");
            var isCurrent = Expression.Call(
                typeof(EF), nameof(EF.Property), [typeof(bool)], entity, Expression.Constant(AuditTrailPropertyNames.IsCurrent));
            entityTypeBuilder.HasQueryFilter(VersioningQueryFilters.AuditTrail, Expression.Lambda(isCurrent, entity));
        }
    }

    private static void Remove(IConventionEntityTypeBuilder entityTypeBuilder)
    {
        entityTypeBuilder.HasQueryFilter(VersioningQueryFilters.AuditTrail, null);
        entityTypeBuilder.Metadata.FindProperty(AuditTrailPropertyNames.IsCurrent)?.Builder.IsConcurrencyToken(null);
        foreach (var name in AddedNames)
        {
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, name);
        }

        // Only undoes the soft delete this convention switched on; one the application configured stays.
        entityTypeBuilder.HasSoftDelete(null);
    }
}
