using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.TemporalHistory;

/// <summary>
/// Declares the btree_gist extension on a model with temporal history tables, so that EnsureCreated and migrations
/// run <c>CREATE EXTENSION IF NOT EXISTS btree_gist</c> before the exclusion constraint that forbids overlapping
/// periods per key (GiST cannot compare the key's scalar types without it). The constraint itself is written by
/// the migrations SQL generator when it creates a history table.
/// </summary>
internal sealed class TemporalHistoryNpgsqlConvention : IModelFinalizingConvention
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
}
