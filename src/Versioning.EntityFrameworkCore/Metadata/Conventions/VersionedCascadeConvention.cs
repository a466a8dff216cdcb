using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Keeps the database from deleting versioned rows on its own: a foreign key whose dependent uses a strategy that
/// versions deletes (temporal history, audit trail, activity log, soft delete) cascades in EF only. By convention EF
/// makes a required relationship <see cref="DeleteBehavior.Cascade"/> and an optional one
/// <see cref="DeleteBehavior.ClientSetNull"/>; here <see cref="DeleteBehavior.Cascade"/> becomes
/// <see cref="DeleteBehavior.ClientCascade"/> and <see cref="DeleteBehavior.SetNull"/> becomes
/// <see cref="DeleteBehavior.ClientSetNull"/>. EF still deletes or detaches the tracked dependents, through the save
/// pipeline, so they are versioned; the database's foreign key is <c>NO ACTION</c>, so deleting a principal whose
/// dependents are not loaded, or an <c>ExecuteDelete</c> of principals, fails with the database's foreign-key error
/// instead of deleting history silently.
/// </summary>
/// <remarks>
/// A delete behavior the application configured itself (<c>OnDelete(DeleteBehavior.Cascade)</c>) is kept: that is the
/// way to let the database cascade, knowing that its deletes are not versioned. Ownerships are left alone (owned types
/// are part of their owner's row). Runs at model finalizing, when every strategy is known.
/// </remarks>
internal sealed class VersionedCascadeConvention : IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            if (!VersionsDeletes(entityType))
            {
                continue;
            }

            foreach (var foreignKey in entityType.GetForeignKeys())
            {
                if (foreignKey.IsOwnership
                    || foreignKey.GetDeleteBehaviorConfigurationSource() is ConfigurationSource.Explicit or ConfigurationSource.DataAnnotation)
                {
                    continue;
                }

                var clientSide = foreignKey.DeleteBehavior switch
                {
                    DeleteBehavior.Cascade => DeleteBehavior.ClientCascade,
                    DeleteBehavior.SetNull => DeleteBehavior.ClientSetNull,
                    _ => (DeleteBehavior?)null,
                };
                if (clientSide is { } behavior)
                {
                    foreignKey.Builder.OnDelete(behavior);
                }
            }
        }
    }

    private static bool VersionsDeletes(IConventionEntityType entityType)
        => VersioningStrategies.All.Any(strategy => strategy.FindUse(entityType) is { VersionsDeletes: true });
}
