using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// Who, when and why for one write, resolved at the moment of the write: the change scope, the actor (scope, else
/// the application's scoped <see cref="IActorAccessor"/>), the tenant (scope, else the application's scoped
/// <see cref="ITenantAccessor"/>: <see cref="TenantResolver"/>) and the timestamp from the application's <see cref="TimeProvider"/>. Shared by
/// SaveChanges and bulk statements so both record the same things.
/// </summary>
/// <param name="Timestamp">UTC, truncated to whole microseconds.</param>
/// <param name="ActorId">The actor, or <see langword="null"/>.</param>
/// <param name="Scope">The open change scope, or <see langword="null"/>.</param>
internal sealed record ChangeContext(DateTime Timestamp, string? ActorId, ChangeScope? Scope)
{
    /// <summary>The effective tenant (scope, else accessor), or <see langword="null"/>.</summary>
    public string? TenantId { get; init; }

    /// <summary>
    /// What Versioning keeps for the context the write is made on (the per-context state of strategies, such as an open
    /// tenant bypass), or <see langword="null"/>.
    /// </summary>
    public VersioningContextState? State { get; init; }

    public static ChangeContext Resolve(DbContext context, VersioningContextState state)
    {
        var options = context.GetService<IDbContextOptions>().FindExtension<VersioningOptionsExtension>();
        var applicationServices = state.ScopedServices ?? ApplicationServices.OfUnbound(context);
        var scope = state.CurrentScope;
        var timeProvider = ApplicationServices.Get<TimeProvider>(applicationServices) ?? TimeProvider.System;
        var actor = ActorResolver.Resolve(context, scope, applicationServices, options?.RequireActor ?? false);
        return new ChangeContext(SaveTimestamp.From(timeProvider), actor, scope)
        {
            TenantId = TenantResolver.Resolve(scope, applicationServices),
            State = state,
        };
    }
}
