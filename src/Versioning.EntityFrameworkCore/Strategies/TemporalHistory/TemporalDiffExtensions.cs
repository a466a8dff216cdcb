using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>Diffs of temporal history: what changed between two versions or two times, and who changed a field when.</summary>
public static partial class VersioningDbSetExtensions
{
    /// <summary>
    /// Returns the fields whose values differ between two versions of a temporal entity (compared as
    /// <see cref="VersioningDbContextExtensions.Diff{TEntity}"/> compares them), read from its history in one query.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="keyValues">The key of the entity (its parts in key order, as for <c>Find</c>).</param>
    /// <param name="fromVersion">The older version's number.</param>
    /// <param name="toVersion">The newer version's number.</param>
    /// <returns>The changed fields, in the order of the model.</returns>
    /// <exception cref="ArgumentException">The entity has no version of one of the numbers.</exception>
    public static IReadOnlyList<FieldChange> TemporalDiff<TEntity>(this DbSet<TEntity> source, object[] keyValues, int fromVersion, int toVersion)
        where TEntity : class
        => DiffVersions(source, source.History(keyValues), fromVersion, toVersion);

    /// <inheritdoc cref="TemporalDiff{TEntity}(DbSet{TEntity}, object[], int, int)"/>
    /// <param name="source">The set.</param>
    /// <param name="keyValues">The key of the entity (its parts in key order, as for <c>Find</c>).</param>
    /// <param name="fromVersion">The older version's number.</param>
    /// <param name="toVersion">The newer version's number.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<IReadOnlyList<FieldChange>> TemporalDiffAsync<TEntity>(
        this DbSet<TEntity> source, object[] keyValues, int fromVersion, int toVersion, CancellationToken cancellationToken = default)
        where TEntity : class
        => DiffVersions(source, await source.HistoryAsync(keyValues, cancellationToken).ConfigureAwait(false), fromVersion, toVersion);

    /// <summary>
    /// Returns the fields whose values differ between the versions of a temporal entity valid at two times (UTC), read
    /// from its history in one query.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="keyValues">The key of the entity (its parts in key order, as for <c>Find</c>).</param>
    /// <param name="utcFrom">The earlier time.</param>
    /// <param name="utcTo">The later time.</param>
    /// <returns>The changed fields, in the order of the model.</returns>
    /// <exception cref="ArgumentException">A time is not UTC, or the entity did not exist at one of them.</exception>
    public static IReadOnlyList<FieldChange> TemporalDiffBetween<TEntity>(this DbSet<TEntity> source, object[] keyValues, DateTime utcFrom, DateTime utcTo)
        where TEntity : class
    {
        var (from, to) = Times(utcFrom, utcTo);
        return DiffTimes(source, source.History(keyValues), from, to);
    }

    /// <inheritdoc cref="TemporalDiffBetween{TEntity}(DbSet{TEntity}, object[], DateTime, DateTime)"/>
    /// <param name="source">The set.</param>
    /// <param name="keyValues">The key of the entity (its parts in key order, as for <c>Find</c>).</param>
    /// <param name="utcFrom">The earlier time.</param>
    /// <param name="utcTo">The later time.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<IReadOnlyList<FieldChange>> TemporalDiffBetweenAsync<TEntity>(
        this DbSet<TEntity> source, object[] keyValues, DateTime utcFrom, DateTime utcTo, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        var (from, to) = Times(utcFrom, utcTo);
        return DiffTimes(source, await source.HistoryAsync(keyValues, cancellationToken).ConfigureAwait(false), from, to);
    }

    /// <summary>
    /// Returns who changed one field of a temporal entity and when: each version whose value of the field differs from
    /// the version before it, oldest first, with the old and new values, the time the version started and the actor who
    /// made it (the version's author). Read from the entity's history in one query.
    /// </summary>
    /// <typeparam name="TEntity">A temporal entity type.</typeparam>
    /// <typeparam name="TValue">The field's type.</typeparam>
    /// <param name="source">The set.</param>
    /// <param name="keyValues">The key of the entity (its parts in key order, as for <c>Find</c>).</param>
    /// <param name="field">The field: a property of the entity or of one of its complex properties (<c>c =&gt; c.Home.City</c>).</param>
    /// <returns>The changes, oldest first; empty when the field never changed.</returns>
    /// <exception cref="ArgumentException"><paramref name="field"/> is not a property of the entity.</exception>
    public static IReadOnlyList<FieldHistoryEntry<TValue>> FieldHistory<TEntity, TValue>(
        this DbSet<TEntity> source, object[] keyValues, Expression<Func<TEntity, TValue>> field)
        where TEntity : class
    {
        var getter = FieldGetter(source, field);
        return FieldChanges<TEntity, TValue>(source.History(keyValues), getter);
    }

    /// <inheritdoc cref="FieldHistory{TEntity, TValue}(DbSet{TEntity}, object[], Expression{Func{TEntity, TValue}})"/>
    /// <param name="source">The set.</param>
    /// <param name="keyValues">The key of the entity (its parts in key order, as for <c>Find</c>).</param>
    /// <param name="field">The field: a property of the entity or of one of its complex properties (<c>c =&gt; c.Home.City</c>).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<IReadOnlyList<FieldHistoryEntry<TValue>>> FieldHistoryAsync<TEntity, TValue>(
        this DbSet<TEntity> source, object[] keyValues, Expression<Func<TEntity, TValue>> field, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        var getter = FieldGetter(source, field);
        return FieldChanges<TEntity, TValue>(await source.HistoryAsync(keyValues, cancellationToken).ConfigureAwait(false), getter);
    }

    private static (DateTime From, DateTime To) Times(DateTime utcFrom, DateTime utcTo)
    {
        var from = TemporalQueryFactory.Utc(utcFrom, nameof(utcFrom));
        var to = TemporalQueryFactory.Utc(utcTo, nameof(utcTo));
        return from <= to ? (from, to) : throw new ArgumentException(VersioningStrings.TemporalRangeReversed(from, to), nameof(utcFrom));
    }

    private static IReadOnlyList<FieldChange> DiffVersions<TEntity>(DbSet<TEntity> source, IReadOnlyList<TemporalRow<TEntity>> versions, int from, int to)
        where TEntity : class
    {
        TemporalRow<TEntity> Find(int number, string parameter)
            => versions.FirstOrDefault(v => v.Version == number)
                ?? throw new ArgumentException(VersioningStrings.TemporalVersionNotFound(source.EntityType.DisplayName(), number), parameter);

        return EntityDiff.For(source.EntityType).Compare(Find(from, "fromVersion").Entity, Find(to, "toVersion").Entity, LeavesOutRedacted(source));
    }

    private static IReadOnlyList<FieldChange> DiffTimes<TEntity>(DbSet<TEntity> source, IReadOnlyList<TemporalRow<TEntity>> versions, DateTime from, DateTime to)
        where TEntity : class
    {
        TemporalRow<TEntity> At(DateTime time, string parameter)
            => versions.FirstOrDefault(v => v.ValidFrom <= time && (v.ValidTo == null || v.ValidTo > time))
                ?? throw new ArgumentException(VersioningStrings.TemporalNoVersionAt(source.EntityType.DisplayName(), time), parameter);

        return EntityDiff.For(source.EntityType).Compare(At(from, "utcFrom").Entity, At(to, "utcTo").Entity, LeavesOutRedacted(source));
    }

    // The history keeps nothing of redacted values (TemporalRedaction.Exclude): past versions read null, which is no change.
    private static bool LeavesOutRedacted<TEntity>(DbSet<TEntity> source)
        where TEntity : class
        => source.EntityType.GetTemporalRedaction() == TemporalRedaction.Exclude;

    private static IClrPropertyGetter FieldGetter<TEntity, TValue>(DbSet<TEntity> source, Expression<Func<TEntity, TValue>> field)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(field);
        var path = new Stack<string>();
        var body = field.Body;
        while (body is MemberExpression { Expression: { } inner } member)
        {
            path.Push(member.Member.Name);
            body = inner;
        }

        ITypeBase type = source.EntityType;
        IProperty? property = null;
        while (body == field.Parameters[0] && path.Count > 0)
        {
            var name = path.Pop();
            if (path.Count == 0)
            {
                property = type.FindProperty(name);
            }
            else if (type.FindComplexProperty(name) is { } complex)
            {
                type = complex.ComplexType;
            }
            else
            {
                break;
            }
        }

        if (property != null && TemporalHistoryPlan.IsExcluded(source.EntityType, property))
        {
            throw new ArgumentException(VersioningStrings.FieldNotInHistory(field.ToString(), source.EntityType.DisplayName()), nameof(field));
        }

        return property?.GetGetter()
            ?? throw new ArgumentException(VersioningStrings.FieldNotAProperty(field.ToString(), source.EntityType.DisplayName()), nameof(field));
    }

    private static IReadOnlyList<FieldHistoryEntry<TValue>> FieldChanges<TEntity, TValue>(IReadOnlyList<TemporalRow<TEntity>> versions, IClrPropertyGetter getter)
        where TEntity : class
    {
        var changes = new List<FieldHistoryEntry<TValue>>();
        for (var i = versions.Count - 1; i > 0; i--)
        {
            // Newest first: versions[i] is the older one.
            var (before, after) = (versions[i], versions[i - 1]);
            var (oldValue, newValue) = ((TValue)getter.GetClrValueUsingContainingEntity(before.Entity)!, (TValue)getter.GetClrValueUsingContainingEntity(after.Entity)!);
            if (!EqualityComparer<TValue>.Default.Equals(oldValue, newValue))
            {
                changes.Add(new FieldHistoryEntry<TValue>(after.Version, after.ValidFrom, after.ChangedBy, oldValue, newValue));
            }
        }

        return changes;
    }
}
