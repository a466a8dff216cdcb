using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Metadata.Internal;

/// <summary>
/// What the SaveChanges pipeline does for one entity type: one member per strategy, <see langword="null"/> when
/// the strategy is off. Later strategies add their member here.
/// </summary>
internal sealed class EntitySavePlan
{
    private EntitySavePlan(IEntityType entityType, ChangeStampsPlan? changeStamps, TemporalHistoryPlan? temporalHistory)
    {
        EntityType = entityType;
        ChangeStamps = changeStamps;
        TemporalHistory = temporalHistory;
    }

    public IEntityType EntityType { get; }

    public ChangeStampsPlan? ChangeStamps { get; }

    public TemporalHistoryPlan? TemporalHistory { get; }

    /// <summary>Builds the plan of an entity type, or returns <see langword="null"/> when it uses no strategy.</summary>
    public static EntitySavePlan? For(IEntityType entityType)
    {
        var changeStamps = ChangeStampsPlan.For(entityType);
        var temporalHistory = TemporalHistoryPlan.For(entityType);
        return changeStamps == null && temporalHistory == null ? null : new EntitySavePlan(entityType, changeStamps, temporalHistory);
    }
}
