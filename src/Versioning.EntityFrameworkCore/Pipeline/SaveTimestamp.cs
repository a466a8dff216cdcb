using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Pipeline.Batching;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

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
