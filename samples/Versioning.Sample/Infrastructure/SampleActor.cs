namespace Versioning.Sample.Infrastructure;

/// <summary>
/// Who is working in the current DI scope. In a web app this would read the signed-in user from the request;
/// the walkthrough sets it by hand at the start of each unit of work (see <see cref="SampleHost.RunAsAsync"/>).
/// Registered as scoped, so two units of work never see each other's actor.
/// </summary>
internal sealed class SampleActor : IActorAccessor
{
    public string? ActorId { get; set; }
}
