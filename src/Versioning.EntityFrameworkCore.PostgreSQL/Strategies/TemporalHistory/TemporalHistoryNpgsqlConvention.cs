using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.TemporalHistory;

/// <summary>
/// Declares the btree_gist extension on a model with temporal history tables, so that EnsureCreated and migrations
/// run <c>CREATE EXTENSION IF NOT EXISTS btree_gist</c> before the exclusion constraint that forbids overlapping
/// periods per key (GiST cannot compare the key's scalar types without it). The constraint itself is written by
/// the migrations SQL generator when it creates a history table. Refuses <c>HasDatabaseCapture()</c> without temporal
/// history when the model is finalized.
/// </summary>
internal sealed class TemporalHistoryNpgsqlConvention : IModelFinalizingConvention, IModelFinalizedConvention
{
    /// <summary>The PostgreSQL extension the exclusion constraint needs.</summary>
    public const string BtreeGistExtension = "btree_gist";

    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        if (modelBuilder.Metadata.GetEntityTypes().Any(e => e.GetTemporalHistoryOf() != null))
        {
            modelBuilder.HasPostgresExtension(BtreeGistExtension);
        }
    }

    /// <summary>Refuses <c>HasDatabaseCapture()</c> on an entity type without temporal history: its triggers write history rows.</summary>
    public IModel ProcessModelFinalized(IModel model)
    {
        foreach (var entityType in model.GetEntityTypes())
        {
            if (entityType.IsDatabaseCaptured() && !entityType.IsTemporal())
            {
                throw new InvalidOperationException(VersioningStrings.DatabaseCaptureWithoutTemporalHistory(entityType.DisplayName()));
            }
        }

        return model;
    }
}
