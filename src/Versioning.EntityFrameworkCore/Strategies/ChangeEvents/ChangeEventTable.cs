using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline.Rows;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// The outbox as the model maps it: the layout of an event row and where each value goes. Resolved once per model and
/// cached as a runtime annotation. The row holds the columns an event is written with; the relay's columns that a new
/// event leaves at their column's value (<see cref="ChangeEvent.Status"/> and <see cref="ChangeEvent.Attempts"/> at
/// their defaults, <see cref="ChangeEvent.LastError"/> and <see cref="ChangeEvent.DeliveredAt"/> null) are left out,
/// unless the application mapped them otherwise: every value sent costs a parameter on each insert.
/// </summary>
internal sealed class ChangeEventTable
{
    private ChangeEventTable(IEntityType entityType)
    {
        Layout = new RowLayout(entityType, [.. entityType.GetProperties().Where(p => !StartsAtColumnValue(p))]);
        Id = Layout.PositionOf(nameof(ChangeEvent.Id));
        StreamType = Layout.PositionOf(nameof(ChangeEvent.StreamType));
        StreamId = Layout.PositionOf(nameof(ChangeEvent.StreamId));
        StreamVersion = Layout.PositionOf(nameof(ChangeEvent.StreamVersion));
        Kind = Layout.PositionOf(nameof(ChangeEvent.Kind));
        Before = Layout.PositionOf(nameof(ChangeEvent.Before));
        After = Layout.PositionOf(nameof(ChangeEvent.After));
        Timestamp = Layout.PositionOf(nameof(ChangeEvent.Timestamp));
        ActorId = Layout.PositionOf(nameof(ChangeEvent.ActorId));
        TenantId = Layout.PositionOf(nameof(ChangeEvent.TenantId));
        CorrelationId = Layout.PositionOf(nameof(ChangeEvent.CorrelationId));
        CausationId = Layout.PositionOf(nameof(ChangeEvent.CausationId));
        Status = PositionOrNone(nameof(ChangeEvent.Status));
        Attempts = PositionOrNone(nameof(ChangeEvent.Attempts));
        NextAttemptAt = Layout.PositionOf(nameof(ChangeEvent.NextAttemptAt));
    }

    public RowLayout Layout { get; }

    public int Id { get; }

    public int StreamType { get; }

    public int StreamId { get; }

    public int StreamVersion { get; }

    public int Kind { get; }

    public int Before { get; }

    public int After { get; }

    public int Timestamp { get; }

    public int ActorId { get; }

    public int TenantId { get; }

    public int CorrelationId { get; }

    public int CausationId { get; }

    /// <summary>Where the row holds the status, or -1 when the column's default writes it.</summary>
    public int Status { get; }

    /// <summary>Where the row holds the attempts, or -1 when the column's default writes them.</summary>
    public int Attempts { get; }

    public int NextAttemptAt { get; }

    /// <summary>
    /// Whether a new event's value of the relay's column <paramref name="property"/> is what the database writes when the
    /// insert leaves it out (its default, or null).
    /// </summary>
    private static bool StartsAtColumnValue(IProperty property)
        => property.Name switch
        {
            nameof(ChangeEvent.Status) => ColumnWrites(property, ChangeEventStatus.Pending),
            nameof(ChangeEvent.Attempts) => ColumnWrites(property, 0),
            nameof(ChangeEvent.LastError) or nameof(ChangeEvent.DeliveredAt) => ColumnWrites(property, null),
            _ => false,
        };

    /// <summary>Whether the column of <paramref name="property"/> gets <paramref name="start"/> when an insert leaves it out.</summary>
    private static bool ColumnWrites(IProperty property, object? start)
        => property.GetDefaultValueSql() == null
            && property.GetComputedColumnSql() == null
            && (property.TryGetDefaultValue(out var value) ? Equals(value, start) : start == null && property.IsNullable);

    private int PositionOrNone(string name)
        => Layout.Columns.FirstOrDefault(c => c.Name == name) is { } column ? Layout.PositionOf(column) : -1;

    public static ChangeEventTable For(DbContext context)
    {
        var entityType = context.Model.FindEntityType(typeof(ChangeEvent))
            ?? throw new InvalidOperationException(VersioningStrings.ChangeEventsNotMapped(TypeDisplayNames.Of(context.GetType())));
        return entityType.GetOrAddRuntimeAnnotationValue(
            VersioningAnnotationNames.ChangeEventsTable, static t => new ChangeEventTable(t!), entityType);
    }
}
