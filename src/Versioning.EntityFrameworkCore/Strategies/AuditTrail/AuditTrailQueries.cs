using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.AuditTrail;

/// <summary>
/// Builds the history queries of an audit-trail entity type from any revision's key, in one statement: the family is
/// <c>COALESCE(RootId, key)</c> of the row with that key, found by a scalar subquery, and its rows are those whose key or
/// <c>RootId</c> equals it (both indexed). The key travels in a <see cref="StrongBox{T}"/>, so it is a parameter and the
/// SQL is cached.
/// </summary>
internal static class AuditTrailQueries
{
    /// <summary>
    /// All revisions of the family of <paramref name="key"/>, tracked, past and deleted ones included (EF ignores named
    /// filters per query, not per subquery, so both are lifted here); empty when no row has the key.
    /// </summary>
    public static IQueryable<TEntity> Family<TEntity>(DbSet<TEntity> set, object key)
        where TEntity : class
    {
        var audit = PlanOf(set.EntityType);
        IQueryable<TEntity> all = set.IgnoreQueryFilters([VersioningQueryFilters.AuditTrail, VersioningQueryFilters.SoftDelete]);
        var familyType = audit.RootId.ClrType;
        if (key.GetType() != (Nullable.GetUnderlyingType(familyType) ?? familyType))
        {
            throw new ArgumentException(
                VersioningStrings.RevisionKeyOfWrongType(set.EntityType.DisplayName(), TypeDisplayNames.Of(key.GetType()), TypeDisplayNames.Of(audit.Key.ClrType)),
                nameof(key));
        }

        var row = Expression.Parameter(typeof(TEntity), "r");
        var keyValue = Expression.Field(
            Expression.Constant(Activator.CreateInstance(typeof(StrongBox<>).MakeGenericType(familyType), key)),
            nameof(StrongBox<object>.Value));
        var ofKey = Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(KeyOf(row, audit), keyValue), row);
        var familyOf = Expression.Lambda(FamilyOf(row, audit), row);
        var familyId = Expression.Call(
            typeof(Queryable), nameof(Queryable.FirstOrDefault), [familyType],
            Expression.Call(
                typeof(Queryable), nameof(Queryable.Select), [typeof(TEntity), familyType],
                all.Where(ofKey).Expression, Expression.Quote(familyOf)));

        // "family IS NOT NULL AND ...": without it EF's C# null semantics would match every first revision (RootId null)
        // when the key is unknown.
        var entity = Expression.Parameter(typeof(TEntity), "e");
        var inFamily = Expression.AndAlso(
            Expression.NotEqual(familyId, Expression.Constant(null, familyType)),
            Expression.OrElse(
                Expression.Equal(KeyOf(entity, audit), familyId),
                Expression.Equal(Property(entity, audit.RootId), familyId)));
        return all.Where(Expression.Lambda<Func<TEntity, bool>>(inFamily, entity));
    }

    /// <summary><c>source.Where(e =&gt; e.Revision == revision)</c>.</summary>
    public static IQueryable<TEntity> WithRevision<TEntity>(IQueryable<TEntity> source, IEntityType entityType, int revision)
    {
        var audit = PlanOf(entityType);
        var box = new StrongBox<int>(revision);
        var entity = Expression.Parameter(typeof(TEntity), "e");
        var equal = Expression.Equal(Property(entity, audit.Revision), Expression.Field(Expression.Constant(box), nameof(box.Value)));
        return source.Where(Expression.Lambda<Func<TEntity, bool>>(equal, entity));
    }

    public static AuditTrailPlan PlanOf(IEntityType entityType, string operation = "A revision query")
        => VersioningSavePlan.For(entityType.Model).Find(entityType)?.Find<AuditTrailPlan>()
            ?? throw new InvalidOperationException(VersioningStrings.NotAuditTrail(entityType.DisplayName(), operation));

    /// <summary><c>COALESCE(RootId, key)</c> of <paramref name="row"/>: the key of its family's first revision.</summary>
    public static Expression FamilyOf(Expression row, AuditTrailPlan audit)
        => Expression.Coalesce(Property(row, audit.RootId), KeyOf(row, audit));

    // The key compared as the (nullable) type of RootId, so that key, RootId and the family id have one type.
    private static Expression KeyOf(Expression entity, AuditTrailPlan audit)
    {
        var key = Property(entity, audit.Key);
        return key.Type == audit.RootId.ClrType ? key : Expression.Convert(key, audit.RootId.ClrType);
    }

    private static Expression Property(Expression entity, IProperty property)
        => EFPropertyExpression.Of(entity, property);
}
