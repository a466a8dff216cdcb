namespace Versioning.Sample.Infrastructure;

/// <summary>
/// A clock that only moves when the walkthrough says so. Versioning reads the time from the
/// <see cref="TimeProvider"/> in DI, so the steps can happen "hours apart" and print the same times on
/// every run and every database.
/// </summary>
internal sealed class SampleClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _utcNow = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => _utcNow;

    public void Advance(TimeSpan by) => _utcNow += by;
}
