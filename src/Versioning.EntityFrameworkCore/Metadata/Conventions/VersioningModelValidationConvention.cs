using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

namespace Versioning.EntityFrameworkCore.Metadata.Conventions;

/// <summary>
/// Validates the Versioning configuration of the finished model, so that a mistake surfaces when the model is
/// built (the first use of the context) with a message saying what to change, never as a failure at SaveChanges.
/// </summary>
public sealed class VersioningModelValidationConvention : IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            ChangeStampsValidator.Validate(entityType);

            // Audit trail before soft delete: it switches soft delete on, so its own message says better what is wrong.
            AuditTrailValidator.Validate(entityType);
            SoftDeleteValidator.Validate(entityType);
            ActivityLogValidator.Validate(entityType);
            TemporalHistoryValidator.Validate(entityType);
            StrategyCombinationValidator.Validate(entityType);
        }
    }
}
