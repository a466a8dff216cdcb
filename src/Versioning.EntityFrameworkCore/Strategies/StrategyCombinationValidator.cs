using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// Rejects strategies that cannot share an entity type, naming the entity and both strategies: at most one strategy may
/// decide what an update writes (audit trail, temporal history, replace-on-update), and a strategy that keeps records per
/// key across updates cannot share an entity type with one that writes an update as a new row under a new key.
/// </summary>
internal static class StrategyCombinationValidator
{
    public static void Validate(IReadOnlyEntityType entityType)
    {
        List<StrategyUse>? uses = null;
        foreach (var strategy in VersioningStrategies.All)
        {
            if (strategy.FindUse(entityType) is { } use)
            {
                (uses ??= []).Add(use);
            }
        }

        if (uses == null)
        {
            return;
        }

        if (uses.Where(u => u.DecidesUpdates).Take(2).ToList() is [var first, var second])
        {
            throw new InvalidOperationException(VersioningStrings.StrategiesExclusive(entityType.DisplayName(), first.Name, second.Name));
        }

        if (uses.FirstOrDefault(u => u.NeedsStableKeys) is { } stable && uses.FirstOrDefault(u => u.ReplacesRows) is { } replacing)
        {
            throw new InvalidOperationException(VersioningStrings.StrategyNeedsStableKeys(entityType.DisplayName(), stable.Name, replacing.Name));
        }
    }
}
