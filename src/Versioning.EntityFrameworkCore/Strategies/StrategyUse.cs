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
/// <param name="ReplacesRows">
/// Whether an update is written as a new row under a new key (a new revision, a new record).
/// </param>
/// <param name="NeedsStableKeys">
/// Whether the strategy keeps records per key that must stay the entity's across updates (a change event stream): it
/// cannot share an entity type with a strategy that <paramref name="ReplacesRows"/>.
/// </param>
/// <param name="RecordsOldValues">
/// Whether an update records the values it replaces (a history row, a log row's old value, an event's before values, the
/// retired revision): an entity attached and marked modified, whose original values EF does not know, then gets them
/// from the database first (<see cref="Pipeline.StoredOriginalValues"/>).
/// </param>
internal sealed record StrategyUse(
    string Name,
    bool DecidesUpdates = false,
    bool VersionsDeletes = true,
    bool ReplacesRows = false,
    bool NeedsStableKeys = false,
    bool RecordsOldValues = false);
