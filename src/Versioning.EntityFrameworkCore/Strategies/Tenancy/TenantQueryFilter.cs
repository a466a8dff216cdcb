using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>
/// The tenancy query filter, <c>e =&gt; IsBypassed(context) || EF.Property&lt;string&gt;(e, "TenantId") == TenantOf(context)</c>,
/// read per query from the context that runs it. A convention does not know the application's context type nor any
/// instance, so the filter holds a placeholder of type <see cref="DbContext"/>: EF's funcletizer replaces every
/// expression of a type the context type is assignable to, in a query filter, by the query's own context and makes
/// the subtree that reads it a parameter evaluated at each execution (<c>@__ef_filter__p</c>). The SQL is compiled and
/// cached once; each execution reads its context's tenant and bypass.
/// </summary>
internal static class TenantQueryFilter
{
    private static readonly MethodInfo IsBypassedMethod = typeof(TenantQueryFilter).GetMethod(nameof(IsBypassed), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo TenantOfMethod = typeof(TenantQueryFilter).GetMethod(nameof(TenantOf), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo TenantOrNoneOfMethod = typeof(TenantQueryFilter).GetMethod(nameof(TenantOrNoneOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The filter of a multi-tenant entity type: a query with no tenant known is refused.</summary>
    public static LambdaExpression For(Type entityClrType) => For(entityClrType, TenantOfMethod);

    /// <summary>
    /// The filter of a library table that records the tenant of each row (the activity log, the outbox): rows of entities
    /// of every kind, so a context with no tenant known reads the rows written with none (not another tenant's), where
    /// an entity query would be refused.
    /// </summary>
    public static LambdaExpression ForLibraryTable(Type tableClrType) => For(tableClrType, TenantOrNoneOfMethod);

    private static LambdaExpression For(Type entityClrType, MethodInfo tenantOf)
    {
        var entity = Expression.Parameter(entityClrType, "e");
        var context = Expression.Constant(null, typeof(DbContext));
        var tenantId = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], entity, Expression.Constant(TenantPropertyNames.TenantId));
        return Expression.Lambda(
            Expression.OrElse(Expression.Call(IsBypassedMethod, context), Expression.Equal(tenantId, Expression.Call(tenantOf, context))),
            entity);
    }

    /// <summary>Whether a tenant bypass is open on the context (then every tenant's rows are visible).</summary>
    private static bool IsBypassed(DbContext context) => TenancyContextState.Of(context).Bypass != null;

    /// <summary>The context's current tenant; refused when none is known (strict isolation: never "every tenant").</summary>
    private static string? TenantOf(DbContext context)
        => TenantOrNoneOf(context)
            ?? (IsBypassed(context) ? null : throw new InvalidOperationException(VersioningStrings.QueryWithoutTenant(TypeDisplayNames.Of(context.GetType()))));

    /// <summary>The context's current tenant, or <see langword="null"/> when none is known or a bypass is open.</summary>
    private static string? TenantOrNoneOf(DbContext context)
        => IsBypassed(context) ? null : TenantResolver.Resolve(context, context.GetService<VersioningContextState>());
}
