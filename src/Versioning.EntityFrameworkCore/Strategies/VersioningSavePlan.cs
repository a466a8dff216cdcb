using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// The per-model lookup of <see cref="EntitySavePlan"/>s, computed once per model and cached as a runtime annotation
/// (no static state: each model owns its plan).
/// </summary>
internal sealed class VersioningSavePlan
{
    private readonly FrozenDictionary<IEntityType, EntitySavePlan> _plans;

    private VersioningSavePlan(IModel model)
    {
        var plans = new Dictionary<IEntityType, EntitySavePlan>(ReferenceEqualityComparer.Instance);
        foreach (var entityType in model.GetEntityTypes())
        {
            if (EntitySavePlan.For(entityType) is { } plan)
            {
                plans.Add(entityType, plan);
            }
        }

        _plans = plans.ToFrozenDictionary(ReferenceEqualityComparer.Instance);
    }

    /// <summary>Whether no entity type of the model uses a strategy; the pipeline then does nothing at all.</summary>
    public bool IsEmpty => _plans.Count == 0;

    public EntitySavePlan? Find(IEntityType entityType) => _plans.GetValueOrDefault(entityType);

    /// <summary>The plan of every entity type that uses a strategy.</summary>
    public IEnumerable<EntitySavePlan> Plans => _plans.Values;

    public static VersioningSavePlan For(IModel model)
        => model.GetOrAddRuntimeAnnotationValue(
            VersioningAnnotationNames.SavePlan, static m => new VersioningSavePlan(m!), model);
}
