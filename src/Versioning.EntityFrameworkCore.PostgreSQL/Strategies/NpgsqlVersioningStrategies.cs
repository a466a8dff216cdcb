using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ChangeEvents;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.TemporalHistory;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.Tenancy;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies;

/// <summary>The PostgreSQL parts of the strategies: the one place of this package that names them all.</summary>
internal static class NpgsqlVersioningStrategies
{
    /// <summary>
    /// Every PostgreSQL part, in the order their conventions run: soft delete's partial unique indexes come before the
    /// audit trail's, which must not be made partial on <c>NOT is_deleted</c> (see <c>AuditTrailIndexConvention</c>).
    /// </summary>
    public static readonly IReadOnlyList<NpgsqlVersioningStrategy> All =
    [
        new SoftDeleteNpgsqlStrategy(),
        new TemporalHistoryNpgsqlStrategy(),
        new AuditTrailNpgsqlStrategy(),
        new ActivityLogNpgsqlStrategy(),
        new ChangeEventsNpgsqlStrategy(),
        new TenancyNpgsqlStrategy(),
    ];
}
