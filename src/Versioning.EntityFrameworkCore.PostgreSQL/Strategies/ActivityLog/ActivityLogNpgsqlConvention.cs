using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ActivityLog;

/// <summary>Stores the activity log's <see cref="ActivityLogEntry.Metadata"/> as <c>jsonb</c>, so it can be queried and indexed as JSON.</summary>
internal sealed class ActivityLogNpgsqlConvention : IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
        => modelBuilder.Metadata.FindEntityType(typeof(ActivityLogEntry))?.FindProperty(nameof(ActivityLogEntry.Metadata))?.Builder
            .HasColumnType("jsonb");
}
