using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// What the SaveChanges pipeline does for one entity type: one member per strategy, <see langword="null"/> when
/// the strategy is off. Later strategies add their member here.
/// </summary>
internal sealed class EntitySavePlan
{
    private EntitySavePlan(
        IEntityType entityType,
        ChangeStampsPlan? changeStamps,
        SoftDeletePlan? softDelete,
        TemporalHistoryPlan? temporalHistory,
        ActivityLogPlan? activityLog,
        AuditTrailPlan? auditTrail)
    {
        EntityType = entityType;
        ChangeStamps = changeStamps;
        SoftDelete = softDelete;
        TemporalHistory = temporalHistory;
        ActivityLog = activityLog;
        AuditTrail = auditTrail;
    }

    public IEntityType EntityType { get; }

    public ChangeStampsPlan? ChangeStamps { get; }

    public SoftDeletePlan? SoftDelete { get; }

    public TemporalHistoryPlan? TemporalHistory { get; }

    public ActivityLogPlan? ActivityLog { get; }

    public AuditTrailPlan? AuditTrail { get; }

    /// <summary>Builds the plan of an entity type, or returns <see langword="null"/> when it uses no strategy.</summary>
    public static EntitySavePlan? For(IEntityType entityType)
    {
        var changeStamps = ChangeStampsPlan.For(entityType);
        var softDelete = SoftDeletePlan.For(entityType);
        var temporalHistory = TemporalHistoryPlan.For(entityType);
        var activityLog = ActivityLogPlan.For(entityType);
        return changeStamps == null && softDelete == null && temporalHistory == null && activityLog == null
            ? null
            : new EntitySavePlan(entityType, changeStamps, softDelete, temporalHistory, activityLog, AuditTrailPlan.For(entityType, softDelete, changeStamps));
    }
}
