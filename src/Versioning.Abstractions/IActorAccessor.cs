namespace Versioning;

/// <summary>
/// Tells Versioning who is making the change being saved. Register an implementation with
/// <c>services.AddVersioning(v =&gt; v.UseActorAccessor&lt;T&gt;())</c>; it is resolved from the application's
/// (scoped) services at each SaveChanges, so every request or unit of work records its own actor.
/// </summary>
public interface IActorAccessor
{
    /// <summary>
    /// Gets the identifier of the current actor (a user id, a service name...), or <see langword="null"/> when
    /// there is none; <see langword="null"/> is recorded as "no actor".
    /// </summary>
    string? ActorId { get; }
}
