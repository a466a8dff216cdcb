using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

/// <summary>
/// Refuses <c>HasDatabaseCapture()</c> when the model is finalized on an entity type that no strategy captures writes for
/// (<see cref="NpgsqlVersioningStrategy.CaptureFingerprint"/>), and on one a strategy cannot capture the way its saves
/// write (<see cref="NpgsqlVersioningStrategy.CaptureRefusal"/>).
/// </summary>
internal sealed class DatabaseCaptureConvention : IModelFinalizedConvention
{
    /// <inheritdoc />
    public IModel ProcessModelFinalized(IModel model)
    {
        foreach (var entityType in model.GetEntityTypes().Where(e => e.IsDatabaseCaptured()))
        {
            var capturing = NpgsqlVersioningStrategies.All.Where(s => s.CaptureFingerprint(entityType) != null).ToList();
            if (capturing.Count == 0)
            {
                throw new InvalidOperationException(VersioningStrings.DatabaseCaptureWithoutHistory(entityType.DisplayName()));
            }

            if (capturing.Select(s => s.CaptureRefusal(entityType)).FirstOrDefault(r => r != null) is { } refusal)
            {
                throw new InvalidOperationException(refusal);
            }
        }

        return model;
    }
}
