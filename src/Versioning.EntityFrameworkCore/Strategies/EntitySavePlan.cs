using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// What the SaveChanges pipeline does for one entity type: the plan of each strategy the type uses (see
/// <see cref="VersioningStrategy.CreatePlan"/>), resolved once per model.
/// </summary>
internal sealed class EntitySavePlan
{
    private readonly object[] _plans;

    private EntitySavePlan(IEntityType entityType, object[] plans)
    {
        EntityType = entityType;
        _plans = plans;
        NewRowStamps = [.. plans.OfType<INewRowStamps>()];
        RecordsOldValues = VersioningStrategies.All.Any(s => s.FindUse(entityType)?.RecordsOldValues == true);
    }

    public IEntityType EntityType { get; }

    /// <summary>The plans that give a row inserted in place of another (a replacement, a new revision) its insert values.</summary>
    public IReadOnlyList<INewRowStamps> NewRowStamps { get; }

    /// <summary>Whether a strategy of the type records the values an update replaces (<see cref="StrategyUse.RecordsOldValues"/>).</summary>
    public bool RecordsOldValues { get; }

    /// <summary>The plan of type <typeparamref name="TPlan"/>, or <see langword="null"/> when the strategy is off for the type.</summary>
    /// <typeparam name="TPlan">A strategy's plan type.</typeparam>
    public TPlan? Find<TPlan>()
        where TPlan : class
    {
        // A type uses a handful of strategies at most: a scan beats a dictionary here.
        foreach (var plan in _plans)
        {
            if (plan is TPlan found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Builds the plan of an entity type, or returns <see langword="null"/> when it uses no strategy.</summary>
    public static EntitySavePlan? For(IEntityType entityType)
    {
        List<object>? plans = null;
        foreach (var strategy in VersioningStrategies.All)
        {
            if (strategy.CreatePlan(entityType) is { } plan)
            {
                (plans ??= []).Add(plan);
            }
        }

        return plans == null ? null : new EntitySavePlan(entityType, [.. plans]);
    }
}
