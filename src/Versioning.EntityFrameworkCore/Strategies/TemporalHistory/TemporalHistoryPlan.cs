using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>The temporal-history properties of one entity type and its history entity type, resolved once per model.</summary>
internal sealed class TemporalHistoryPlan
{
    private TemporalHistoryPlan(IEntityType entityType, IEntityType history)
    {
        ValidFrom = new TimestampProperty(entityType.GetProperty(TemporalPropertyNames.ValidFrom));
        Version = entityType.GetProperty(TemporalPropertyNames.Version);
        History = history;
        Key = entityType.FindPrimaryKey()!;
        MirroredProperties = [.. entityType.GetProperties()];
        HistoryNames = [.. MirroredProperties.Select(p => p.Name)];
        HistoryColumns =
        [
            .. HistoryNames.Select(history.GetProperty),
            history.GetProperty(TemporalPropertyNames.ValidTo),
            history.GetProperty(TemporalPropertyNames.ChangedBy),
        ];
    }

    /// <summary>One slot per kind of temporal query, plus one for a ContainedIn without end.</summary>
    public const int QuerySqlSlots = 6;

    public TimestampProperty ValidFrom { get; }

    /// <summary>
    /// The SQL of each kind of temporal query, built on first use (a race builds the same string twice, harmlessly).
    /// </summary>
    public string?[] QuerySql { get; } = new string?[QuerySqlSlots];

    public IProperty Version { get; }

    public IKey Key { get; }

    /// <summary>The shared-type history entity type (a property bag).</summary>
    public IEntityType History { get; }

    /// <summary>The entity's properties, each copied to the history property of the same name.</summary>
    public IReadOnlyList<IProperty> MirroredProperties { get; }

    public IReadOnlyList<string> HistoryNames { get; }

    /// <summary>The history properties in the order of a history row's values: the mirrored ones, ValidTo, ChangedBy.</summary>
    public IReadOnlyList<IProperty> HistoryColumns { get; }

    public static TemporalHistoryPlan? For(IEntityType entityType)
        => entityType.IsTemporal() && entityType.FindTemporalHistoryEntityType() is IEntityType history
            ? new TemporalHistoryPlan(entityType, history)
            : null;
}
