using System.Security.Claims;

namespace Versioning.WebApi;

/// <summary>
/// Who makes a change: the signed-in user's id claim, else the <c>X-User</c> header (this sample has no sign-in; a real
/// app keeps the claim only). Scoped, resolved from the request's scope at each save.
/// </summary>
public sealed class ClaimsActorAccessor(IHttpContextAccessor http) : IActorAccessor
{
    public string? ActorId
        => http.HttpContext is { } context
            ? context.User.FindFirstValue(ClaimTypes.NameIdentifier)
                ?? (context.Request.Headers.TryGetValue("X-User", out var user) ? user.ToString() : null)
            : null;
}
