namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>A scoped tenant accessor that follows the scope's <see cref="TestActor"/>: actor alice works for tenant-alice.</summary>
public sealed class TestTenant(TestActor actor) : ITenantAccessor
{
    public string? TenantId => actor.ActorId == null ? null : "tenant-" + actor.ActorId;
}
