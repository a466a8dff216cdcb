using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

// The soft delete part of VersioningDbContextExtensions: see Extensions/ for the rest.
public static partial class VersioningDbContextExtensions
{
    /// <summary>
    /// Undeletes a soft-deleted entity, and what was soft-deleted with it: its soft-deletable dependents along cascading
    /// relationships that carry the same <c>DeletedAt</c> and <c>DeletedBy</c> (deleted by the same save). Clears their
    /// five soft-delete values on the tracked entries; the next SaveChanges writes them. Dependents are loaded with one
    /// query per relationship. A detached entity is attached first.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="entity">The deleted entity, loaded for example with <c>IncludeDeleted()</c>.</param>
    /// <exception cref="InvalidOperationException">The entity is not soft-deletable, or not deleted.</exception>
    public static void Restore(this DbContext context, object entity)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        SoftDeleteRestorer.RestoreAsync(context, entity, async: false, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Restore(DbContext, object)"/>
    /// <param name="context">The context.</param>
    /// <param name="entity">The deleted entity, loaded for example with <c>IncludeDeleted()</c>.</param>
    /// <param name="cancellationToken">A token to cancel the loading of dependents.</param>
    /// <returns>A task that completes when the entities are marked restored.</returns>
    public static Task RestoreAsync(this DbContext context, object entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        return SoftDeleteRestorer.RestoreAsync(context, entity, async: true, cancellationToken);
    }

    /// <summary>
    /// Hard-deletes the soft-deleted rows of <typeparamref name="TEntity"/> whose <c>PurgeAt</c> has passed
    /// (<c>PurgeAt &lt;= now</c>, "now" from the application's <see cref="TimeProvider"/>), with one <c>DELETE</c>
    /// statement. A row without a purge date is never purged. Other query filters of the entity still apply.
    /// </summary>
    /// <typeparam name="TEntity">A soft-deletable entity type with a retention (<c>PurgeAfter</c>).</typeparam>
    /// <param name="context">The context.</param>
    /// <returns>The number of rows purged.</returns>
    /// <exception cref="InvalidOperationException">The entity type has no retention.</exception>
    public static int Purge<TEntity>(this DbContext context)
        where TEntity : class
        => SoftDeletePurger.PurgeAsync(context, EntityTypeOf<TEntity>(context), async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="Purge{TEntity}(DbContext)"/>
    /// <param name="context">The context.</param>
    /// <param name="cancellationToken">A token to cancel the statement.</param>
    public static Task<int> PurgeAsync<TEntity>(this DbContext context, CancellationToken cancellationToken = default)
        where TEntity : class
        => SoftDeletePurger.PurgeAsync(context, EntityTypeOf<TEntity>(context), async: true, cancellationToken);

    /// <summary>
    /// Purges every soft-deletable entity type that has a retention (see <see cref="Purge{TEntity}(DbContext)"/>), one
    /// <c>DELETE</c> per type, in model order. Call it inside a transaction to make it all-or-nothing.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <returns>The number of rows purged, keyed by entity type name (<c>IEntityType.Name</c>).</returns>
    public static IReadOnlyDictionary<string, int> Purge(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SoftDeletePurger.PurgeAllAsync(context, async: false, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Purge(DbContext)"/>
    /// <param name="context">The context.</param>
    /// <param name="cancellationToken">A token to cancel the statements.</param>
    public static Task<IReadOnlyDictionary<string, int>> PurgeAsync(this DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SoftDeletePurger.PurgeAllAsync(context, async: true, cancellationToken);
    }

    private static Microsoft.EntityFrameworkCore.Metadata.IEntityType EntityTypeOf<TEntity>(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException(VersioningStrings.NotAnEntityType(TypeDisplayNames.Of(typeof(TEntity))));
    }
}

// The soft delete part of VersioningEntityTypeBuilderExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeBuilderExtensions
{
    /// <summary>
    /// Soft-deletes the entity: <c>Remove()</c> + SaveChanges flags the row (<c>IsDeleted</c>, <c>DeletedAt</c>,
    /// <c>DeletedBy</c>, <c>DeletedReason</c>, and <c>PurgeAt</c> with a retention) instead of deleting it, and the named
    /// query filter <see cref="Versioning.EntityFrameworkCore.Query.VersioningQueryFilters.SoftDelete"/> hides flagged rows.
    /// CLR properties with those names are used when declared, shadow properties otherwise. Overrides
    /// <see cref="Versioning.SoftDeleteAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="configure">Optional: a retention (<c>s =&gt; s.PurgeAfter(TimeSpan.FromDays(30))</c>) or
    /// replace-on-update (<c>s =&gt; s.ReplaceOnUpdate()</c>).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasSoftDelete(this EntityTypeBuilder entityTypeBuilder, Action<SoftDeleteBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetIsSoftDeletable(true);
        configure?.Invoke(new SoftDeleteBuilder(entityTypeBuilder.Metadata));
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasSoftDelete(EntityTypeBuilder, Action{SoftDeleteBuilder})"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasSoftDelete<TEntity>(
        this EntityTypeBuilder<TEntity> entityTypeBuilder, Action<SoftDeleteBuilder>? configure = null)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasSoftDelete((EntityTypeBuilder)entityTypeBuilder, configure);

    /// <summary>Turns soft delete on or off (for example <c>HasSoftDelete(false)</c> to override the attribute).</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether the entity is soft-deleted.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasSoftDelete(this EntityTypeBuilder entityTypeBuilder, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetIsSoftDeletable(enabled);
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasSoftDelete(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasSoftDelete<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasSoftDelete((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Soft-deletes the entity, from a convention or an attribute. Returns <see langword="null"/> when a configuration
    /// of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to soft-delete; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasSoftDelete(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetSoftDelete(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetIsSoftDeletable(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    /// <summary>Returns whether soft delete can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetSoftDelete(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.SoftDelete, enabled, fromDataAnnotation);

    /// <summary>
    /// Sets the retention of soft-deleted rows, from a convention or an attribute. Returns <see langword="null"/> when
    /// a configuration of higher precedence prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="purgeAfter">The retention; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasSoftDeletePurgeAfter(
        this IConventionEntityTypeBuilder entityTypeBuilder, TimeSpan? purgeAfter, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetSoftDeletePurgeAfter(purgeAfter, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetSoftDeletePurgeAfter(purgeAfter, fromDataAnnotation);
        return entityTypeBuilder;
    }

    /// <summary>Returns whether the retention of soft-deleted rows can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="purgeAfter">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetSoftDeletePurgeAfter(
        this IConventionEntityTypeBuilder entityTypeBuilder, TimeSpan? purgeAfter, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.SoftDeletePurgeAfter, purgeAfter, fromDataAnnotation);

    /// <summary>
    /// Sets whether updates replace the row, from a convention or an attribute. Returns <see langword="null"/> when
    /// a configuration of higher precedence prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether updates replace the row; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasSoftDeleteReplaceOnUpdate(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetSoftDeleteReplaceOnUpdate(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetIsSoftDeleteReplaceOnUpdate(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    /// <summary>Returns whether whether updates replace the row can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetSoftDeleteReplaceOnUpdate(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.SoftDeleteReplaceOnUpdate, enabled, fromDataAnnotation);
}

// The soft delete part of VersioningEntityTypeExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeExtensions
{
    /// <summary>
    /// Returns whether the entity type is soft-deleted (deleting it flags the row instead of removing it). A derived
    /// type inherits the setting of its nearest base type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when the entity type is soft-deleted.</returns>
    public static bool IsSoftDeletable(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.SoftDelete) as bool? ?? false;

    /// <summary>Sets whether the entity type is soft-deleted.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to soft-delete it.</param>
    public static void SetIsSoftDeletable(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDelete, enabled);

    /// <summary>Sets whether the entity type is soft-deleted.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to soft-delete it; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetIsSoftDeletable(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDelete, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the soft-delete setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetIsSoftDeletableConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.SoftDelete)?.GetConfigurationSource();

    /// <summary>
    /// Returns how long a soft-deleted row is kept before it may be purged, or <see langword="null"/> when deleted rows
    /// are kept forever (then the entity has no <c>PurgeAt</c> property).
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The retention, or <see langword="null"/>.</returns>
    public static TimeSpan? GetSoftDeletePurgeAfter(this IReadOnlyEntityType entityType)
        => entityType.IsSoftDeletable() ? FindInHierarchy(entityType, VersioningAnnotationNames.SoftDeletePurgeAfter) as TimeSpan? : null;

    /// <summary>Sets how long a soft-deleted row is kept before it may be purged.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="purgeAfter">The retention; <see langword="null"/> keeps deleted rows forever.</param>
    public static void SetSoftDeletePurgeAfter(this IMutableEntityType entityType, TimeSpan? purgeAfter)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDeletePurgeAfter, purgeAfter);

    /// <summary>Sets how long a soft-deleted row is kept before it may be purged.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="purgeAfter">The retention; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static TimeSpan? SetSoftDeletePurgeAfter(this IConventionEntityType entityType, TimeSpan? purgeAfter, bool fromDataAnnotation = false)
        => (TimeSpan?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDeletePurgeAfter, purgeAfter, fromDataAnnotation)?.Value;

    /// <summary>
    /// Returns whether an update of the entity keeps the old row (flagged deleted) and inserts the new values as a new
    /// row with a new key ('soft delete with new record').
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when updates replace the row.</returns>
    public static bool IsSoftDeleteReplaceOnUpdate(this IReadOnlyEntityType entityType)
        => entityType.IsSoftDeletable()
            && (FindInHierarchy(entityType, VersioningAnnotationNames.SoftDeleteReplaceOnUpdate) as bool? ?? false);

    /// <summary>Sets whether an update of the entity replaces the row.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to replace rows on update.</param>
    public static void SetIsSoftDeleteReplaceOnUpdate(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDeleteReplaceOnUpdate, enabled);

    /// <summary>Sets whether an update of the entity replaces the row.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to replace rows on update; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetIsSoftDeleteReplaceOnUpdate(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.SoftDeleteReplaceOnUpdate, enabled, fromDataAnnotation)?.Value;
}

// The soft delete part of VersioningQueryableExtensions: see Extensions/ for the rest.
public static partial class VersioningQueryableExtensions
{
    /// <summary>
    /// Lifts the soft-delete filter for this query: deleted rows are returned too. Only Versioning's named filter
    /// <see cref="VersioningQueryFilters.SoftDelete"/> is lifted; the application's other query filters stay in place.
    /// Applies to the whole query, including <c>Include</c>d navigations.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="source">The query.</param>
    /// <returns>The query with deleted rows.</returns>
    public static IQueryable<TEntity> IncludeDeleted<TEntity>(this IQueryable<TEntity> source)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.IgnoreQueryFilters([VersioningQueryFilters.SoftDelete]);
    }

    /// <summary>
    /// Returns only deleted rows (of the queried, soft-deletable entity type). Like <see cref="IncludeDeleted{TEntity}"/>
    /// it leaves the application's other query filters in place; included navigations show deleted rows too.
    /// </summary>
    /// <typeparam name="TEntity">The entity type; it must be soft-deletable.</typeparam>
    /// <param name="source">The query.</param>
    /// <returns>The query restricted to deleted rows.</returns>
    public static IQueryable<TEntity> OnlyDeleted<TEntity>(this IQueryable<TEntity> source)
        where TEntity : class
        => source.IncludeDeleted().Where(e => EF.Property<bool>(e, SoftDeletePropertyNames.IsDeleted));

    /// <summary>
    /// Hard-deletes the rows of the query with one <c>DELETE</c> statement, bypassing soft delete (a plain
    /// <c>ExecuteDelete</c> on a soft-deletable set flags the rows instead). The soft-delete filter still applies: combine
    /// with <see cref="IncludeDeleted{TEntity}"/> to remove deleted rows. The context must use Versioning
    /// (<c>UseVersioning()</c>), whose query compiler recognises the request.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="source">The query.</param>
    /// <returns>The number of rows deleted.</returns>
    public static int ExecuteHardDelete<TEntity>(this IQueryable<TEntity> source)
        where TEntity : class
        => HardDeleteMarked(source).ExecuteDelete();

    /// <inheritdoc cref="ExecuteHardDelete{TEntity}(IQueryable{TEntity})"/>
    /// <param name="source">The query.</param>
    /// <param name="cancellationToken">A token to cancel the statement.</param>
    public static Task<int> ExecuteHardDeleteAsync<TEntity>(this IQueryable<TEntity> source, CancellationToken cancellationToken = default)
        where TEntity : class
        => HardDeleteMarked(source).ExecuteDeleteAsync(cancellationToken);

    // The caller's explicit choice travels in the query tree as a marker call that the query compiler strips before EF
    // sees it (BulkStatement): no state outside the query, and the compiled-query cache keys hard and soft deletes apart.
    private static IQueryable<TEntity> HardDeleteMarked<TEntity>(IQueryable<TEntity> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Provider.CreateQuery<TEntity>(
            Expression.Call(HardDeleteMarker.Method.MakeGenericMethod(typeof(TEntity)), source.Expression));
    }
}
