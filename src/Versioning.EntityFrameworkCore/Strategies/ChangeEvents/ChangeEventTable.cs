using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline.Rows;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// The outbox as the model maps it: the layout of an event row (every column of <see cref="ChangeEvent"/>) and where
/// each value goes. Resolved once per model and cached as a runtime annotation.
/// </summary>
internal sealed class ChangeEventTable
{
    private ChangeEventTable(IEntityType entityType)
    {
        Layout = new RowLayout(entityType, [.. entityType.GetProperties()]);
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
        Status = Layout.PositionOf(nameof(ChangeEvent.Status));
        Attempts = Layout.PositionOf(nameof(ChangeEvent.Attempts));
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

    public int Status { get; }

    public int Attempts { get; }

    public int NextAttemptAt { get; }

    public static ChangeEventTable For(DbContext context)
    {
        var entityType = context.Model.FindEntityType(typeof(ChangeEvent))
            ?? throw new InvalidOperationException(VersioningStrings.ChangeEventsNotMapped(TypeDisplayNames.Of(context.GetType())));
        return entityType.GetOrAddRuntimeAnnotationValue(
            VersioningAnnotationNames.ChangeEventsTable, static t => new ChangeEventTable(t!), entityType);
    }
}
