namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>A scoped actor accessor whose actor each test (or each DI scope) sets.</summary>
public sealed class TestActor : IActorAccessor
{
    public string? ActorId { get; set; }
}
