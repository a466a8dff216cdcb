namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>How one entity type uses one strategy, for messages and the combination check.</summary>
/// <param name="Name">The strategy as users configure it, for example <c>temporal history (HasTemporalHistory / [TemporalHistory])</c>.</param>
/// <param name="DecidesUpdates">
/// Whether the strategy decides what an update writes (a new revision, a new record, a history row): an entity type can
/// use only one such strategy.
/// </param>
/// <param name="VersionsDeletes">
/// Whether a delete of the entity writes something (a history row, a log row, a flag): the database must not delete
/// its rows on its own (<see cref="Metadata.Conventions.VersionedCascadeConvention"/>).
/// </param>
internal sealed record StrategyUse(
    string Name,
    bool DecidesUpdates = false,
    bool VersionsDeletes = true);
