namespace Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

/// <summary>A clock the test sets, which (unlike FakeTimeProvider) may also move backwards, as real clocks do.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan delta) => _now += delta;

    public void SetUtcNow(DateTimeOffset now) => _now = now;
}
