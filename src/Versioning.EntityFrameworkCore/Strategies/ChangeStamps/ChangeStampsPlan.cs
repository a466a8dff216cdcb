using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeStamps;

/// <summary>The change-stamp properties of one entity type, resolved once per model.</summary>
internal sealed class ChangeStampsPlan
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

    public static ChangeStampsPlan? For(IEntityType entityType)
        => entityType.HasChangeStamps() ? new ChangeStampsPlan(entityType) : null;
}
