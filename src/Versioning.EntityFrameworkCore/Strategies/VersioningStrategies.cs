using Versioning.EntityFrameworkCore.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.Strategies.ChangeEvents;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;
using Versioning.EntityFrameworkCore.Strategies.Tenancy;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// The registered strategies: the one place that names them all. A new strategy is added here and nowhere else in the
/// shared code.
/// </summary>
internal static class VersioningStrategies
{
    /// <summary>
    /// Every strategy, in the order their conventions are added and their validators run. The audit trail comes before
    /// soft delete: it switches soft delete on, so when both would reject an entity type, the audit trail's message
    /// (the strategy the application configured) is the one users see. Handlers run in their own order (their
    /// <c>Order</c>), which ARCHITECTURE.md lists.
    /// </summary>
    public static readonly IReadOnlyList<VersioningStrategy> All =
    [
        new ChangeStampsStrategy(),
        new AuditTrailStrategy(),
        new SoftDeleteStrategy(),
        new ActivityLogStrategy(),
        new TemporalHistoryStrategy(),
        new ChangeEventsStrategy(),
        new TenancyStrategy(),
    ];
}
