using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// Decides the tenant of a context at the moment it is needed (a save, a bulk statement, a query): the open change
/// scope's tenant (<c>BeginTenantScope</c>), else the application's scoped <see cref="ITenantAccessor"/>. One answer
/// for every reader, so the rows a save stamps, the history and log rows it writes and the rows queries see agree.
/// </summary>
internal static class TenantResolver
{
    public static string? Resolve(DbContext context, VersioningContextState state)
        => Resolve(state.CurrentScope, state.ScopedServices ?? ApplicationServices.OfUnbound(context));

    public static string? Resolve(ChangeScope? scope, IServiceProvider? applicationServices)
        => scope?.TenantId ?? ApplicationServices.Get<ITenantAccessor>(applicationServices)?.TenantId;
}
