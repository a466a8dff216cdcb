using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>
/// Creates the activity log rows of one save: each with the save's timestamp, actor, tenant and correlation id, and a key
/// that is a version 7 UUID of the save's timestamp (<see cref="Version7Ids"/>).
/// </summary>
internal sealed class ActivityRowFactory
{
    private readonly VersioningChangeSet _changeSet;
    private readonly string _correlationId;
    private readonly string? _metadata;
    private readonly Version7Ids _ids;

    public ActivityRowFactory(VersioningChangeSet changeSet)
    {
        _changeSet = changeSet;
        _correlationId = changeSet.CorrelationId;
        _metadata = MetadataJson(changeSet.Scope);
        _ids = new Version7Ids(changeSet.Timestamp);
    }

    public ActivityLogEntry NewRow(string entityType, string entityId, string action, string? details)
        => new()
        {
            Id = _ids.Next(),
            Timestamp = _changeSet.Timestamp,
            Action = action,
            ActorId = _changeSet.ActorId,
            EntityType = entityType,
            EntityId = entityId,
            Details = details,
            CorrelationId = _correlationId,
            Metadata = _metadata,
            TenantId = _changeSet.TenantId,
        };

    /// <summary>The change scope's metadata as a JSON object, or <see langword="null"/> when it has none.</summary>
    public static string? MetadataJson(ChangeScope? scope)
        => scope?.Metadata is { Count: > 0 } metadata ? System.Text.Json.JsonSerializer.Serialize(metadata) : null;
}
