using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeStamps;

/// <summary>The change-stamp properties of one entity type, resolved once per model.</summary>
internal sealed class ChangeStampsPlan : INewRowStamps
{
    private ChangeStampsPlan(IEntityType entityType)
    {
        CreatedAt = new TimestampProperty(entityType.GetProperty(ChangeStampPropertyNames.CreatedAt));
        CreatedBy = entityType.GetProperty(ChangeStampPropertyNames.CreatedBy);
        UpdatedAt = new TimestampProperty(entityType.GetProperty(ChangeStampPropertyNames.UpdatedAt));
        UpdatedBy = entityType.GetProperty(ChangeStampPropertyNames.UpdatedBy);
    }

    public TimestampProperty CreatedAt { get; }

    public IProperty CreatedBy { get; }

    public TimestampProperty UpdatedAt { get; }

    public IProperty UpdatedBy { get; }

    /// <summary>The stamps of an inserted row (also the new row of a replacement): created and updated now, by the actor.</summary>
    public (IProperty Property, object? Value)[] InsertValues(DateTime timestamp, string? actorId)
        =>
        [
            (CreatedAt.Property, CreatedAt.ToClrValue(timestamp)),
            (CreatedBy, actorId),
            (UpdatedAt.Property, UpdatedAt.ToClrValue(timestamp)),
            (UpdatedBy, actorId),
        ];

    public static ChangeStampsPlan? For(IEntityType entityType)
        => entityType.HasChangeStamps() ? new ChangeStampsPlan(entityType) : null;
}
