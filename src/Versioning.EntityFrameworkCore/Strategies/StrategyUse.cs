namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>How one entity type uses one strategy, for messages and the combination check.</summary>
/// <param name="Name">The strategy as users configure it, for example <c>temporal history (HasTemporalHistory / [TemporalHistory])</c>.</param>
/// <param name="DecidesUpdates">
/// Whether the strategy decides what an update writes (a new revision, a new record, a history row): an entity type can
/// use only one such strategy.
/// </param>
/// <param name="ReplacesRows">Whether an update inserts a new row under a new key and retires the old one.</param>
/// <param name="DescribesReplacedRows">
/// Whether the strategy can describe an update that replaces a row (<paramref name="ReplacesRows"/>) by a row of no
/// family; one that cannot refuses to share an entity type with a strategy whose replaced rows form no family, until
/// that is designed.
/// </param>
/// <param name="ReplacedRowsFormFamily">
/// Whether the rows that replace each other stay one entity (audit-trail revisions, a family with the key of its first
/// row, see <see cref="IRowFamily"/>): records that outlive rows (the activity log) follow the family.
/// </param>
/// <param name="VersionsDeletes">
/// Whether a delete of the entity writes something (a history row, a log row, a flag): the database must not delete
/// its rows on its own (<see cref="Metadata.Conventions.VersionedCascadeConvention"/>).
/// </param>
internal sealed record StrategyUse(
    string Name,
    bool DecidesUpdates = false,
    bool ReplacesRows = false,
    bool DescribesReplacedRows = true,
    bool VersionsDeletes = true,
    bool ReplacedRowsFormFamily = false);
