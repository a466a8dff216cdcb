namespace Versioning.Benchmarks;

/// <summary>A fixed actor, resolved from DI at every SaveChanges like an application's accessor would be.</summary>
public sealed class BenchActor : IActorAccessor
{
    public const string Id = "bench-user";

    public string? ActorId => Id;
}
