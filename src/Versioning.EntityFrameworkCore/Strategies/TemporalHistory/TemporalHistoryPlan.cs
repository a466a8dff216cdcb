using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline.Rows;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>The temporal-history properties of one entity type and its history entity type, resolved once per model.</summary>
internal sealed class TemporalHistoryPlan
{
    private TemporalHistoryPlan(IEntityType entityType, IEntityType history)
    {
        ValidFrom = new TimestampProperty(entityType.GetProperty(TemporalPropertyNames.ValidFrom));
        Version = entityType.GetProperty(TemporalPropertyNames.Version);
        ChangedBy = entityType.GetProperty(TemporalPropertyNames.ChangedBy);
        History = history;
        Key = entityType.FindPrimaryKey()!;
        RowProperties = [.. ComplexMembers.RowPropertiesOf<IProperty>(entityType)];
        MirroredProperties = [.. RowProperties.Where(p => !IsExcluded(entityType, p))];
        HistoryProperties = [.. MirroredProperties.Select(p => history.GetProperty(TemporalHistoryNames.HistoryPropertyName(p)))];
        HistoryRow = new RowLayout(
            history,
            [
                .. HistoryProperties,
                history.GetProperty(TemporalPropertyNames.ValidTo),
                history.GetProperty(TemporalPropertyNames.RemovedBy),
            ]);
        MirrorPositions = [.. HistoryProperties.Select(HistoryRow.PositionOf)];
        Masked = [.. MirroredProperties.Select(p => p.IsRedacted())];
        ValidToPosition = HistoryRow.PositionOf(TemporalPropertyNames.ValidTo);
        RemovedByPosition = HistoryRow.PositionOf(TemporalPropertyNames.RemovedBy);
    }

    /// <summary>One slot per kind of temporal query, plus one for a ContainedIn without end.</summary>
    public const int QuerySqlSlots = 6;

    public TimestampProperty ValidFrom { get; }

    /// <summary>
    /// The SQL of each kind of temporal query, built on first use (a race builds the same string twice, harmlessly).
    /// </summary>
    public string?[] QuerySql { get; } = new string?[QuerySqlSlots];

    public IProperty Version { get; }

    /// <summary>The author of the row's version, on the entity (and mirrored into its history rows).</summary>
    public IProperty ChangedBy { get; }

    public IKey Key { get; }

    /// <summary>The shared-type history entity type (a property bag).</summary>
    public IEntityType History { get; }

    /// <summary>The entity's properties and the properties of its complex properties stored in its table, in order.</summary>
    public IReadOnlyList<IProperty> RowProperties { get; }

    /// <summary>
    /// The <see cref="RowProperties"/> the history keeps (all but the <c>[Redacted]</c> ones of
    /// <see cref="TemporalRedaction.Exclude"/>), each copied to the history property at the same position of
    /// <see cref="HistoryProperties"/>.
    /// </summary>
    public IReadOnlyList<IProperty> MirroredProperties { get; }

    /// <summary>Whether the history has no column for <paramref name="property"/> (redacted, <see cref="TemporalRedaction.Exclude"/>).</summary>
    public static bool IsExcluded(IReadOnlyEntityType entityType, IReadOnlyProperty property)
        => property.IsRedacted() && entityType.GetTemporalRedaction() == TemporalRedaction.Exclude;


    /// <summary>The history property of each of <see cref="MirroredProperties"/>, in the same order.</summary>
    public IReadOnlyList<IProperty> HistoryProperties { get; }

    /// <summary>A history row: the mirrored properties, ValidTo and RemovedBy.</summary>
    public RowLayout HistoryRow { get; }

    /// <summary>Where a history row holds the value of each of <see cref="MirroredProperties"/>, in the same order.</summary>
    public IReadOnlyList<int> MirrorPositions { get; }

    /// <summary>
    /// Whether each of <see cref="MirroredProperties"/> is <c>[Redacted]</c>: its history column receives the redaction
    /// mask (<see cref="ActivityLogEntry.RedactedMask"/>), never the value.
    /// </summary>
    public IReadOnlyList<bool> Masked { get; }

    /// <summary>The value a history row holds for the mirrored property at <paramref name="index"/>.</summary>
    public object? HistoryValue(int index, object? value) => Masked[index] ? ActivityLogEntry.RedactedMask : value;

    /// <summary>Where a history row holds the end of its period.</summary>
    public int ValidToPosition { get; }

    /// <summary>Where a history row holds who deleted the row (its last version's history row only).</summary>
    public int RemovedByPosition { get; }

    /// <summary>The plan of <paramref name="entityType"/> in its model's save plan, or <see langword="null"/> when it keeps no history.</summary>
    public static TemporalHistoryPlan? Of(IEntityType entityType)
        => VersioningSavePlan.For(entityType.Model).Find(entityType)?.Find<TemporalHistoryPlan>();

    public static TemporalHistoryPlan? For(IEntityType entityType)
        => entityType.IsTemporal() && entityType.FindTemporalHistoryEntityType() is IEntityType history
            ? new TemporalHistoryPlan(entityType, history)
            : null;
}
