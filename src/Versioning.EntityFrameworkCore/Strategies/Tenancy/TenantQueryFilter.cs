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

    public static LambdaExpression For(Type entityClrType)
    {
        var entity = Expression.Parameter(entityClrType, "e");
        var context = Expression.Constant(null, typeof(DbContext));
        var tenantId = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], entity, Expression.Constant(TenantPropertyNames.TenantId));
        return Expression.Lambda(
            Expression.OrElse(Expression.Call(IsBypassedMethod, context), Expression.Equal(tenantId, Expression.Call(TenantOfMethod, context))),
            entity);
    }

    /// <summary>Whether a tenant bypass is open on the context (then every tenant's rows are visible).</summary>
    private static bool IsBypassed(DbContext context) => TenancyContextState.Of(context).Bypass != null;

    /// <summary>The context's current tenant; refused when none is known (strict isolation: never "every tenant").</summary>
    private static string? TenantOf(DbContext context)
    {
        var state = context.GetService<VersioningContextState>();
        if (state.Of<TenancyContextState>().Bypass != null)
        {
            return null;
        }

        return TenantResolver.Resolve(context, state)
            ?? throw new InvalidOperationException(VersioningStrings.QueryWithoutTenant(TypeDisplayNames.Of(context.GetType())));
    }
}
