using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>
/// What tenancy keeps for a context: the open tenant bypass, if any. Reset with the context's state, so a pooled
/// context never hands a bypass to its next lease.
/// </summary>
internal sealed class TenancyContextState : IStrategyContextState
{
    public TenantBypass? Bypass { get; set; }

    public bool HasPendingWork => false;

    public void Reset() => Bypass = null;

    public static TenancyContextState Of(DbContext context) => context.GetService<VersioningContextState>().Of<TenancyContextState>();
}
