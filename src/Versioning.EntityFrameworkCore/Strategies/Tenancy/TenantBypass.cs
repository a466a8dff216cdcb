using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Strategies.Tenancy;

namespace Versioning.EntityFrameworkCore;

/// <summary>
/// An explicit lift of tenant isolation on one context, for administration (support tools, migrations of data between
/// tenants, maintenance jobs): while it is open, the tenancy query filter shows every tenant's rows and writes to any
/// tenant's rows are allowed (an insert keeps the <c>TenantId</c> it is given). Open it with
/// <c>db.BeginTenantBypass(reason)</c> and dispose it when the administrative work ends; it ends too when the context is
/// reset or returned to its pool, so a pooled context never hands it to the next lease.
/// </summary>
public sealed class TenantBypass : IDisposable
{
    private readonly TenancyContextState _state;

    internal TenantBypass(TenancyContextState state, string reason)
    {
        _state = state;
        Reason = reason;
    }

    /// <summary>Why the isolation is lifted, as given to <c>BeginTenantBypass</c>.</summary>
    public string Reason { get; }

    /// <summary>Restores tenant isolation on the context.</summary>
    public void Dispose()
    {
        if (ReferenceEquals(_state.Bypass, this))
        {
            _state.Bypass = null;
        }
    }

    internal static TenantBypass Begin(TenancyContextState state, string reason)
    {
        if (state.Bypass != null)
        {
            throw new InvalidOperationException(VersioningStrings.TenantBypassAlreadyOpen);
        }

        var bypass = new TenantBypass(state, reason);
        state.Bypass = bypass;
        return bypass;
    }
}
