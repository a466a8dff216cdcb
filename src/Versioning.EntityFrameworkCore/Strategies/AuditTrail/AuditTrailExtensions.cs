using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

// The audit trail part of VersioningDbContextExtensions: see Extensions/ for the rest.
public static partial class VersioningDbContextExtensions
{
    /// <summary>
    /// Restores the values of revision <paramref name="revision"/> of an audit-trail entity: copies that revision's values
    /// (not its key nor its bookkeeping) onto <paramref name="entity"/>, the tracked current revision, so that the next
    /// SaveChanges writes them as a new revision (history is never rewritten). Loads revision n with one query. A detached
    /// entity is attached first.
    /// </summary>
    /// <typeparam name="TEntity">An audit-trail entity type.</typeparam>
    /// <param name="context">The context.</param>
    /// <param name="entity">The current revision of the entity.</param>
    /// <param name="revision">The revision whose values to bring back, from 1.</param>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail, <paramref name="entity"/> is a
    /// past revision, or the entity has no revision <paramref name="revision"/>.</exception>
    public static void RestoreRevision<TEntity>(this DbContext context, TEntity entity, int revision)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        AuditTrailRestorer.RestoreAsync(context, entity, revision, async: false, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="RestoreRevision{TEntity}(DbContext, TEntity, int)"/>
    /// <typeparam name="TEntity">An audit-trail entity type.</typeparam>
    /// <param name="context">The context.</param>
    /// <param name="entity">The current revision of the entity.</param>
    /// <param name="revision">The revision whose values to bring back, from 1.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    /// <returns>A task that completes when the values are copied.</returns>
    public static Task RestoreRevisionAsync<TEntity>(this DbContext context, TEntity entity, int revision, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        return AuditTrailRestorer.RestoreAsync(context, entity, revision, async: true, cancellationToken);
    }
}

// The audit trail part of VersioningDbSetExtensions: see Extensions/ for the rest.
public static partial class VersioningDbSetExtensions
{
    /// <summary>
    /// Returns every revision of the entity that <paramref name="key"/> identifies — the key of any of its revisions —
    /// newest first (<c>Revision</c> descending), past and soft-deleted revisions included. One SQL statement; compose further
    /// LINQ on it. The rows are tracked, so <c>db.Entry(r).Versioning()</c> reads their shadow bookkeeping (add
    /// <c>AsNoTracking()</c> for read-only lists with CLR properties); saving a change to a past revision is refused.
    /// Empty when no row has that key. Only Versioning's two filters are lifted; the application's other named filters apply.
    /// </summary>
    /// <typeparam name="TEntity">An audit-trail entity type.</typeparam>
    /// <param name="set">The entity set.</param>
    /// <param name="key">The key of any revision of the entity, of the key property's type.</param>
    /// <returns>The revisions, newest first.</returns>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail.</exception>
    public static IOrderedQueryable<TEntity> Revisions<TEntity>(this DbSet<TEntity> set, object key)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(key);
        return AuditTrailQueries.Family(set, key)
            .OrderByDescending(e => EF.Property<int>(e, AuditTrailPropertyNames.Revision));
    }

    /// <summary>
    /// Returns revision <paramref name="revision"/> of the entity that <paramref name="key"/> (the key of any of its
    /// revisions) identifies, tracked, or <see langword="null"/> when the entity has no such revision (or no row
    /// has that key): asking for a revision that does not exist is not an error.
    /// </summary>
    /// <typeparam name="TEntity">An audit-trail entity type.</typeparam>
    /// <param name="set">The entity set.</param>
    /// <param name="key">The key of any revision of the entity.</param>
    /// <param name="revision">The revision number, from 1.</param>
    /// <returns>The revision, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail.</exception>
    public static TEntity? AtRevision<TEntity>(this DbSet<TEntity> set, object key, int revision)
        where TEntity : class
        => RevisionQuery(set, key, revision).FirstOrDefault();

    /// <inheritdoc cref="AtRevision{TEntity}(DbSet{TEntity}, object, int)"/>
    /// <param name="set">The entity set.</param>
    /// <param name="key">The key of any revision of the entity.</param>
    /// <param name="revision">The revision number, from 1.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    public static Task<TEntity?> AtRevisionAsync<TEntity>(this DbSet<TEntity> set, object key, int revision, CancellationToken cancellationToken = default)
        where TEntity : class
        => RevisionQuery(set, key, revision).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Returns the current revision of the entity that <paramref name="key"/> (the key of any of its revisions)
    /// identifies, tracked, so that it can be changed and saved as the next revision; or
    /// <see langword="null"/> when no row has that key or the entity is soft-deleted.
    /// </summary>
    /// <typeparam name="TEntity">An audit-trail entity type.</typeparam>
    /// <param name="set">The entity set.</param>
    /// <param name="key">The key of any revision of the entity.</param>
    /// <returns>The current revision, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">The entity type does not use audit trail.</exception>
    public static TEntity? CurrentRevision<TEntity>(this DbSet<TEntity> set, object key)
        where TEntity : class
        => CurrentQuery(set, key).FirstOrDefault();

    /// <inheritdoc cref="CurrentRevision{TEntity}(DbSet{TEntity}, object)"/>
    /// <param name="set">The entity set.</param>
    /// <param name="key">The key of any revision of the entity.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    public static Task<TEntity?> CurrentRevisionAsync<TEntity>(this DbSet<TEntity> set, object key, CancellationToken cancellationToken = default)
        where TEntity : class
        => CurrentQuery(set, key).FirstOrDefaultAsync(cancellationToken);

    private static IQueryable<TEntity> RevisionQuery<TEntity>(DbSet<TEntity> set, object key, int revision)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(key);
        return AuditTrailQueries.WithRevision(AuditTrailQueries.Family(set, key), set.EntityType, revision);
    }

    private static IQueryable<TEntity> CurrentQuery<TEntity>(DbSet<TEntity> set, object key)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(key);
        return AuditTrailQueries.Family(set, key)
            .Where(e => EF.Property<bool>(e, AuditTrailPropertyNames.IsCurrent) && !EF.Property<bool>(e, SoftDeletePropertyNames.IsDeleted));
    }
}

// The audit trail part of VersioningEntityTypeBuilderExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeBuilderExtensions
{
    /// <summary>
    /// Keeps every revision of the entity in its own table (audit trail versioning). An update keeps the
    /// current row and its values as a past revision (<c>IsCurrent</c> = <see langword="false"/>) and inserts the new values
    /// as a new row with a new key, <c>Revision</c> = previous + 1, <c>RootId</c> = key of revision 1,
    /// <c>IsCurrent</c> = <see langword="true"/> and <c>ModifiedBy</c> = the actor; after SaveChanges the application's
    /// instance is the new revision. A delete soft-deletes the current revision (the entity is implicitly soft-deletable).
    /// The named query filter <see cref="Versioning.EntityFrameworkCore.Query.VersioningQueryFilters.AuditTrail"/> shows
    /// current revisions only. <c>IsCurrent</c> is a concurrency token, so two contexts updating the same revision cannot
    /// both succeed. The key must be a single generated property (identity or Guid). CLR properties with those names are
    /// used when declared, shadow properties otherwise. Overrides <see cref="Versioning.AuditTrailAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled"><see langword="false"/> turns the audit trail off (for example to override the attribute).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasAuditTrail(this EntityTypeBuilder entityTypeBuilder, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetHasAuditTrail(enabled);
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasAuditTrail(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasAuditTrail<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled = true)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasAuditTrail((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Keeps an audit trail of the entity, from a convention or an attribute. Returns <see langword="null"/> when a
    /// configuration of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to keep an audit trail; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasAuditTrail(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetAuditTrail(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetHasAuditTrail(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    /// <summary>Returns whether the audit trail can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetAuditTrail(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.AuditTrail, enabled, fromDataAnnotation);
}

// The audit trail part of VersioningEntityTypeExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeExtensions
{
    /// <summary>
    /// Returns whether the entity type keeps its revisions in its own table (audit trail). A derived type inherits the
    /// setting of its nearest base type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when the entity type keeps an audit trail.</returns>
    public static bool HasAuditTrail(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.AuditTrail) as bool? ?? false;

    /// <summary>Sets whether the entity type keeps an audit trail.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep an audit trail.</param>
    public static void SetHasAuditTrail(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.AuditTrail, enabled);

    /// <summary>Sets whether the entity type keeps an audit trail.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep an audit trail; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetHasAuditTrail(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.AuditTrail, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the audit-trail setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetHasAuditTrailConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.AuditTrail)?.GetConfigurationSource();
}
