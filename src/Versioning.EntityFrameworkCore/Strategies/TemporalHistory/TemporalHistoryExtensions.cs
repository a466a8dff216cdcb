using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata.Builders;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

// The temporal history part of VersioningDbContextExtensions: see Extensions/ for the rest.
public static partial class VersioningDbContextExtensions
{
    /// <summary>
    /// Puts the values <paramref name="entity"/> had at <paramref name="utcPointInTime"/> back into it; the next
    /// SaveChanges writes them as a new version (history is never rewritten: the values replaced get their history row).
    /// The key, <c>ValidFrom</c>, <c>Version</c>, concurrency tokens and values fixed after insert are not restored.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="context">The context tracking the entity.</param>
    /// <param name="entity">The tracked entity to restore.</param>
    /// <param name="utcPointInTime">The time whose values to restore, in UTC.</param>
    /// <exception cref="ArgumentException"><paramref name="utcPointInTime"/> is not UTC.</exception>
    /// <exception cref="InvalidOperationException">The entity is not tracked, not temporal, or did not exist at that time.</exception>
    public static void RestoreAsOf<TEntity>(this DbContext context, TEntity entity, DateTime utcPointInTime)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        var time = TemporalQueryFactory.Utc(utcPointInTime, nameof(utcPointInTime));
        TemporalRestorer.RestoreAsync(context, entity, time, async: false, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="RestoreAsOf{TEntity}(DbContext, TEntity, DateTime)"/>
    /// <param name="context">The context tracking the entity.</param>
    /// <param name="entity">The tracked entity to restore.</param>
    /// <param name="utcPointInTime">The time whose values to restore, in UTC.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>A task that completes when the values are restored (not yet saved).</returns>
    public static Task RestoreAsOfAsync<TEntity>(
        this DbContext context, TEntity entity, DateTime utcPointInTime, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        var time = TemporalQueryFactory.Utc(utcPointInTime, nameof(utcPointInTime));
        return TemporalRestorer.RestoreAsync(context, entity, time, async: true, cancellationToken);
    }
}

// The temporal history part of VersioningDbSetExtensions: see Extensions/ for the rest.
public static partial class VersioningDbSetExtensions
{
    /// <summary>
    /// Returns the rows as they were at <paramref name="utcPointInTime"/>: for each key, the row whose period contains
    /// it (<c>ValidFrom &lt;= t AND ValidTo &gt; t</c>), current or past. Like EF Core's SQL Server <c>TemporalAsOf</c>:
    /// no-tracking, composable with further LINQ.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="utcPointInTime">The point in time, in UTC.</param>
    /// <returns>A no-tracking query of the entity type.</returns>
    /// <exception cref="ArgumentException"><paramref name="utcPointInTime"/> is not UTC.</exception>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public static IQueryable<TEntity> TemporalAsOf<TEntity>(this DbSet<TEntity> source, DateTime utcPointInTime)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return TemporalQueryFactory.Create(source, TemporalPeriodFilter.AsOf(TemporalQueryFactory.Utc(utcPointInTime, nameof(utcPointInTime))));
    }

    /// <summary>
    /// Returns every row, current and past (one per version). Like EF Core's SQL Server <c>TemporalAll</c>:
    /// no-tracking, composable with further LINQ.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <returns>A no-tracking query of the entity type.</returns>
    /// <exception cref="InvalidOperationException">The entity type keeps no temporal history.</exception>
    public static IQueryable<TEntity> TemporalAll<TEntity>(this DbSet<TEntity> source)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return TemporalQueryFactory.Create(source, TemporalPeriodFilter.All);
    }

    /// <summary>
    /// Returns the rows valid at some point in [<paramref name="utcFrom"/>, <paramref name="utcTo"/>), end excluded:
    /// <c>ValidFrom &lt; to AND ValidTo &gt; from</c>. Like EF Core's SQL Server <c>TemporalFromTo</c>.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="utcFrom">The start, in UTC.</param>
    /// <param name="utcTo">The end, in UTC.</param>
    /// <returns>A no-tracking query of the entity type.</returns>
    /// <exception cref="ArgumentException">A time is not UTC, or the start is after the end.</exception>
    public static IQueryable<TEntity> TemporalFromTo<TEntity>(this DbSet<TEntity> source, DateTime utcFrom, DateTime utcTo)
        where TEntity : class
        => Range(source, TemporalPeriodKind.FromTo, utcFrom, utcTo);

    /// <summary>
    /// Returns the rows valid at some point in [<paramref name="utcFrom"/>, <paramref name="utcTo"/>], end included:
    /// <c>ValidFrom &lt;= to AND ValidTo &gt; from</c>. Like EF Core's SQL Server <c>TemporalBetween</c>.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="utcFrom">The start, in UTC.</param>
    /// <param name="utcTo">The end, in UTC.</param>
    /// <returns>A no-tracking query of the entity type.</returns>
    /// <exception cref="ArgumentException">A time is not UTC, or the start is after the end.</exception>
    public static IQueryable<TEntity> TemporalBetween<TEntity>(this DbSet<TEntity> source, DateTime utcFrom, DateTime utcTo)
        where TEntity : class
        => Range(source, TemporalPeriodKind.Between, utcFrom, utcTo);

    /// <summary>
    /// Returns the rows whose whole period lies in [<paramref name="utcFrom"/>, <paramref name="utcTo"/>]:
    /// <c>ValidFrom &gt;= from AND ValidTo &lt;= to</c>. Current rows never end, so they are returned only when
    /// <paramref name="utcTo"/> is <see cref="DateTime.MaxValue"/>. Like EF Core's SQL Server <c>TemporalContainedIn</c>.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="utcFrom">The start, in UTC.</param>
    /// <param name="utcTo">The end, in UTC.</param>
    /// <returns>A no-tracking query of the entity type.</returns>
    /// <exception cref="ArgumentException">A time is not UTC, or the start is after the end.</exception>
    public static IQueryable<TEntity> TemporalContainedIn<TEntity>(this DbSet<TEntity> source, DateTime utcFrom, DateTime utcTo)
        where TEntity : class
        => Range(source, TemporalPeriodKind.ContainedIn, utcFrom, utcTo);

    /// <summary>
    /// Returns every version of the entity with the given key, newest first, each with its period, version and who
    /// ended it. Includes the version a delete closed; the current version (if any) comes first with no end.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="keyValues">The key of the entity (its parts in key order, as for <c>Find</c>).</param>
    /// <returns>The versions, newest first; empty when the key never existed.</returns>
    public static IReadOnlyList<TemporalRow<TEntity>> History<TEntity>(this DbSet<TEntity> source, params object[] keyValues)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return TemporalHistoryReader.ReadAsync(source, keyValues, async: false, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="History{TEntity}(DbSet{TEntity}, object[])"/>
    /// <param name="source">The set.</param>
    /// <param name="keyValues">The key of the entity (its parts in key order, as for <c>Find</c>).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static Task<IReadOnlyList<TemporalRow<TEntity>>> HistoryAsync<TEntity>(
        this DbSet<TEntity> source, object[] keyValues, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return TemporalHistoryReader.ReadAsync(source, keyValues, async: true, cancellationToken);
    }

    private static IQueryable<TEntity> Range<TEntity>(DbSet<TEntity> source, TemporalPeriodKind kind, DateTime utcFrom, DateTime utcTo)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        var from = TemporalQueryFactory.Utc(utcFrom, nameof(utcFrom));
        var to = TemporalQueryFactory.Utc(utcTo, nameof(utcTo));
        if (from > to)
        {
            throw new ArgumentException(VersioningStrings.TemporalRangeReversed(from, to), nameof(utcFrom));
        }

        return TemporalQueryFactory.Create(source, new TemporalPeriodFilter(kind, from, to));
    }
}

// The temporal history part of VersioningEntityTypeBuilderExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeBuilderExtensions
{
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
}

// The temporal history part of VersioningEntityTypeExtensions: see Extensions/ for the rest.
public static partial class VersioningEntityTypeExtensions
{
    /// <summary>
    /// Returns whether the entity type keeps a temporal history (<c>ValidFrom</c>, <c>Version</c> and a history
    /// table). A derived type inherits the setting of its nearest base type that has one.
    /// </summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns><see langword="true"/> when the entity type keeps a temporal history.</returns>
    public static bool IsTemporal(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.TemporalHistory) as bool? ?? false;

    /// <summary>Sets whether the entity type keeps a temporal history.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep a temporal history.</param>
    public static void SetIsTemporal(this IMutableEntityType entityType, bool enabled)
        => entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.TemporalHistory, enabled);

    /// <summary>Sets whether the entity type keeps a temporal history.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="enabled"><see langword="true"/> to keep a temporal history; <see langword="null"/> to remove the setting.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured value.</returns>
    public static bool? SetIsTemporal(this IConventionEntityType entityType, bool? enabled, bool fromDataAnnotation = false)
        => (bool?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.TemporalHistory, enabled, fromDataAnnotation)?.Value;

    /// <summary>Returns where the temporal-history setting of the entity type came from.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <returns>The configuration source, or <see langword="null"/> when it is not set.</returns>
    public static ConfigurationSource? GetIsTemporalConfigurationSource(this IConventionEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.TemporalHistory)?.GetConfigurationSource();

    /// <summary>Returns what the history table keeps of the entity's <c>[Redacted]</c> properties (the mask by default).</summary>
    /// <param name="entityType">The temporal entity type.</param>
    /// <returns>The configured redaction.</returns>
    public static TemporalRedaction GetTemporalRedaction(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.TemporalRedaction) as TemporalRedaction? ?? TemporalRedaction.Mask;

    /// <summary>Returns the configured name of the history table, or <see langword="null"/> for the default.</summary>
    /// <param name="entityType">The temporal entity type.</param>
    /// <returns>The configured table name.</returns>
    public static string? GetTemporalHistoryTableName(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.TemporalHistoryTable) as string;

    /// <summary>Sets the name of the history table.</summary>
    /// <param name="entityType">The temporal entity type.</param>
    /// <param name="name">The table name; <see langword="null"/> for the default.</param>
    /// <param name="fromDataAnnotation">Whether the configuration comes from an attribute.</param>
    /// <returns>The configured name.</returns>
    public static string? SetTemporalHistoryTableName(this IConventionEntityType entityType, string? name, bool fromDataAnnotation = false)
        => (string?)entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.TemporalHistoryTable, name, fromDataAnnotation)?.Value;

    /// <summary>Returns the configured schema of the history table, or <see langword="null"/> for the entity's schema.</summary>
    /// <param name="entityType">The temporal entity type.</param>
    /// <returns>The configured schema.</returns>
    public static string? GetTemporalHistorySchema(this IReadOnlyEntityType entityType)
        => FindInHierarchy(entityType, VersioningAnnotationNames.TemporalHistorySchema) as string;

    /// <summary>
    /// Returns the history entity type Versioning added for a temporal entity type (a shared-type entity type with a
    /// property bag whose properties mirror the entity's columns plus <c>ValidTo</c> and <c>ChangedBy</c>), or
    /// <see langword="null"/> when the entity type keeps no temporal history.
    /// </summary>
    /// <param name="entityType">The temporal entity type.</param>
    /// <returns>The history entity type.</returns>
    public static IReadOnlyEntityType? FindTemporalHistoryEntityType(this IReadOnlyEntityType entityType)
        => entityType.Model.FindEntityType(TemporalHistoryNames.EntityTypeName(entityType.GetRootType()));

    /// <summary>
    /// Returns, for a history entity type Versioning added, the name of the entity type whose past states it holds;
    /// <see langword="null"/> for every other entity type.
    /// </summary>
    /// <param name="entityType">An entity type.</param>
    /// <returns>The name of the temporal entity type.</returns>
    public static string? GetTemporalHistoryOf(this IReadOnlyEntityType entityType)
        => entityType.FindAnnotation(VersioningAnnotationNames.TemporalHistoryOf)?.Value as string;
}
