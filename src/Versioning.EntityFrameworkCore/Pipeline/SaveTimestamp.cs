namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>The one timestamp of a save: UTC, truncated to whole microseconds so that what PostgreSQL stores equals what the application holds.</summary>
internal static class SaveTimestamp
{
    public static DateTime From(TimeProvider timeProvider)
    {
        var utc = timeProvider.GetUtcNow().UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }
}
