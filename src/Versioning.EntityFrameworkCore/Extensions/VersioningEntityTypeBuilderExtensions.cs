using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Metadata;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Fluent configuration of the Versioning strategies on an entity type.
/// </summary>
public static class VersioningEntityTypeBuilderExtensions
{
    #region Change stamps

    /// <summary>
    /// Keeps change stamps on the entity: <c>CreatedAt</c>, <c>CreatedBy</c>, <c>UpdatedAt</c>, <c>UpdatedBy</c>.
    /// An insert sets all four (updated = created), an update sets <c>UpdatedAt/UpdatedBy</c>, and
    /// <c>CreatedAt/CreatedBy</c> are never written after the insert. CLR properties with those names are used
    /// when declared, shadow properties otherwise. Overrides <see cref="Versioning.ChangeStampsAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled"><see langword="false"/> turns change stamps off (for example to override the attribute).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasChangeStamps(this EntityTypeBuilder entityTypeBuilder, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetHasChangeStamps(enabled);
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasChangeStamps(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasChangeStamps<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled = true)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasChangeStamps((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Keeps change stamps on the entity, from a convention or an attribute. Returns <see langword="null"/> when a
    /// configuration of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to keep change stamps; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasChangeStamps(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetChangeStamps(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetHasChangeStamps(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    /// <summary>Returns whether change stamps can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetChangeStamps(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.ChangeStamps, enabled, fromDataAnnotation);

    #endregion

    #region Soft delete

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
        if (!entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.SoftDelete, enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetIsSoftDeletable(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

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
        if (!entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.SoftDeletePurgeAfter, purgeAfter, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetSoftDeletePurgeAfter(purgeAfter, fromDataAnnotation);
        return entityTypeBuilder;
    }

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
        if (!entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.SoftDeleteReplaceOnUpdate, enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetIsSoftDeleteReplaceOnUpdate(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    #endregion

    #region Activity log

    /// <summary>
    /// Keeps an activity log of the entity: each insert writes one <c>CREATE</c> row, each update one row per changed
    /// property (old and new value as invariant text, action <c>UPDATE</c> unless the property names its own), each
    /// delete one <c>DELETE</c> row, into the central activity log table, in the same transaction as the change.
    /// Overrides <see cref="Versioning.ActivityLogAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled"><see langword="false"/> turns the activity log off (for example to override the attribute).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasActivityLog(this EntityTypeBuilder entityTypeBuilder, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetHasActivityLog(enabled);
        return entityTypeBuilder;
    }

    /// <summary>
    /// Keeps an activity log of the entity (see <see cref="HasActivityLog(EntityTypeBuilder, bool)"/>) and configures
    /// its properties: <c>a =&gt; a.Track(p =&gt; p.Price, "PRICE_CHANGE").Ignore(p =&gt; p.Notes).Redact(p =&gt; p.Iban)</c>.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="configure">Configures tracked, ignored and redacted properties.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder<TEntity> HasActivityLog<TEntity>(
        this EntityTypeBuilder<TEntity> entityTypeBuilder, Action<ActivityLogBuilder<TEntity>>? configure = null)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetHasActivityLog(true);
        configure?.Invoke(new ActivityLogBuilder<TEntity>(entityTypeBuilder.Metadata));
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasActivityLog(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasActivityLog<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasActivityLog((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Keeps an activity log of the entity, from a convention or an attribute. Returns <see langword="null"/> when a
    /// configuration of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to keep an activity log; <see langword="null"/> removes the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasActivityLog(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetActivityLog(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetHasActivityLog(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    /// <summary>Returns whether the activity log can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetActivityLog(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.ActivityLog, enabled, fromDataAnnotation);

    #endregion

    #region Temporal history

    /// <summary>
    /// Keeps the temporal history of the entity: its table gains <c>ValidFrom</c> and <c>Version</c>, and each update
    /// or delete copies the previous state with its period [<c>ValidFrom</c>, <c>ValidTo</c>), <c>Version</c> and
    /// <c>ChangedBy</c> to a history table, in the same transaction. Query it with <c>TemporalAsOf</c>,
    /// <c>TemporalAll</c>, <c>TemporalBetween</c>, <c>TemporalFromTo</c>, <c>TemporalContainedIn</c> and <c>History</c>.
    /// Overrides <see cref="Versioning.TemporalHistoryAttribute"/>.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="configure">Configures the history table, e.g. <c>t =&gt; t.ToTable("document_history")</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasTemporalHistory(this EntityTypeBuilder entityTypeBuilder, Action<TemporalHistoryBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetIsTemporal(true);
        configure?.Invoke(new TemporalHistoryBuilder(entityTypeBuilder.Metadata));
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasTemporalHistory(EntityTypeBuilder, Action{TemporalHistoryBuilder})"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasTemporalHistory<TEntity>(
        this EntityTypeBuilder<TEntity> entityTypeBuilder, Action<TemporalHistoryBuilder>? configure = null)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasTemporalHistory((EntityTypeBuilder)entityTypeBuilder, configure);

    /// <summary>Turns temporal history on or off (for example to override the attribute).</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled"><see langword="false"/> turns temporal history off.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EntityTypeBuilder HasTemporalHistory(this EntityTypeBuilder entityTypeBuilder, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        entityTypeBuilder.Metadata.SetIsTemporal(enabled);
        return entityTypeBuilder;
    }

    /// <inheritdoc cref="HasTemporalHistory(EntityTypeBuilder, bool)"/>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    public static EntityTypeBuilder<TEntity> HasTemporalHistory<TEntity>(this EntityTypeBuilder<TEntity> entityTypeBuilder, bool enabled)
        where TEntity : class
        => (EntityTypeBuilder<TEntity>)HasTemporalHistory((EntityTypeBuilder)entityTypeBuilder, enabled);

    /// <summary>
    /// Keeps a temporal history, from a convention or an attribute. Returns <see langword="null"/> when a configuration
    /// of higher precedence (the fluent API) prevents it.
    /// </summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">Whether to keep a temporal history; <see langword="null"/> removes the setting.</param>
    /// <param name="table">The history table name, or <see langword="null"/> for the default.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The same builder, or <see langword="null"/> when the configuration could not be applied.</returns>
    public static IConventionEntityTypeBuilder? HasTemporalHistory(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, string? table = null, bool fromDataAnnotation = false)
    {
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        if (!entityTypeBuilder.CanSetTemporalHistory(enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetIsTemporal(enabled, fromDataAnnotation);
        if (table != null && entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.TemporalHistoryTable, table, fromDataAnnotation))
        {
            entityTypeBuilder.Metadata.SetTemporalHistoryTableName(table, fromDataAnnotation);
        }

        return entityTypeBuilder;
    }

    /// <summary>Returns whether temporal history can be configured from the given configuration source.</summary>
    /// <param name="entityTypeBuilder">The builder of the entity type.</param>
    /// <param name="enabled">The wanted setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns><see langword="true"/> when the setting can be applied.</returns>
    public static bool CanSetTemporalHistory(
        this IConventionEntityTypeBuilder entityTypeBuilder, bool? enabled = true, bool fromDataAnnotation = false)
        => entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.TemporalHistory, enabled, fromDataAnnotation);

    #endregion

    #region Audit trail

    /// <summary>
    /// Keeps every revision of the entity in its own table ('audit trail versioning', seed 'Entity'). An update keeps the
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
        if (!entityTypeBuilder.CanSetAnnotation(VersioningAnnotationNames.AuditTrail, enabled, fromDataAnnotation))
        {
            return null;
        }

        entityTypeBuilder.Metadata.SetHasAuditTrail(enabled, fromDataAnnotation);
        return entityTypeBuilder;
    }

    #endregion
}
