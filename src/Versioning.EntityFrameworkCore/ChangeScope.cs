using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore;

/// <summary>
/// Context for the SaveChanges calls made while it is open: why the change is made, by whom (overriding the
/// <see cref="IActorAccessor"/>), for which tenant (overriding the <see cref="ITenantAccessor"/>), a correlation id shared
/// by everything written, and free-form metadata.
/// Open one with <c>db.BeginChangeScope(...)</c> and dispose it (<c>using var scope = ...</c>) when the unit of work ends.
/// Scopes nest: an inner scope inherits every value it does not set from the outer one.
/// </summary>
public sealed class ChangeScope : IDisposable
{
    private readonly VersioningContextState _state;
    private bool _disposed;

    internal ChangeScope(
        VersioningContextState state,
        ChangeScope? outer,
        string? reason,
        string? actorId,
        string? correlationId,
        IReadOnlyDictionary<string, string?>? metadata,
        string? tenantId = null)
    {
        _state = state;
        Outer = outer;
        Reason = reason ?? outer?.Reason;
        ActorId = actorId ?? outer?.ActorId;
        CorrelationId = correlationId ?? outer?.CorrelationId;
        CausationId = outer?.CausationId;
        TenantId = tenantId ?? outer?.TenantId;
        Metadata = metadata ?? outer?.Metadata ?? new Dictionary<string, string?>();
    }

    /// <summary>Why the changes are made (recorded as the deletion reason, activity details...).</summary>
    public string? Reason { get; }

    /// <summary>Who makes the changes; when set, it wins over the <see cref="IActorAccessor"/>.</summary>
    public string? ActorId { get; }

    /// <summary>An identifier shared by every row written in the scope; when <see langword="null"/>, each SaveChanges gets its own.</summary>
    public string? CorrelationId { get; }

    /// <summary>
    /// The id of what caused the changes (the change event a handler is processing), written in the change events of the
    /// scope's saves; set by <c>BeginChangeScopeCausedBy</c>, else the outer scope's.
    /// </summary>
    public string? CausationId { get; internal init; }

    /// <summary>
    /// The tenant the context works for while the scope is open (<c>BeginTenantScope</c>); when set, it wins over the
    /// <see cref="ITenantAccessor"/> for saves, bulk statements and the tenancy query filter.
    /// </summary>
    public string? TenantId { get; }

    /// <summary>Free-form metadata recorded with the changes.</summary>
    public IReadOnlyDictionary<string, string?> Metadata { get; }

    internal ChangeScope? Outer { get; }

    /// <summary>Closes the scope; SaveChanges calls after it use the outer scope, if any.</summary>
    /// <exception cref="InvalidOperationException">An inner scope is still open.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!ReferenceEquals(_state.CurrentScope, this))
        {
            throw new InvalidOperationException(VersioningStrings.ChangeScopeDisposedOutOfOrder);
        }

        _state.CurrentScope = Outer;
        _disposed = true;
    }
}
