using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail;

/// <summary>
/// The audit trail on PostgreSQL: one current revision per family and gapless revision numbers, enforced by unique
/// indexes the migrations SQL generator creates as constraints checked at commit; many new revisions of one table are
/// written set-based (<see cref="NpgsqlBulkRevisions"/>).
/// </summary>
internal sealed class AuditTrailNpgsqlStrategy : NpgsqlVersioningStrategy
{
    public override void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
        => conventionSet.Add(new AuditTrailIndexConvention(sqlGenerationHelper));

    /// <summary>Rows of a table the audit trail is added to become the current revision 1 of their own family.</summary>
    public override string? ExistingRowsValue(IProperty property, string? storeType)
        => property.DeclaringType is IEntityType entityType && entityType.HasAuditTrail()
            ? property.Name switch
            {
                AuditTrailPropertyNames.IsCurrent => "TRUE",
                AuditTrailPropertyNames.Revision => "1",
                _ => null,
            }
            : null;

    // Many new revisions of one table: keys from the sequence in one round trip, then one unnest insert. The deferred
    // constraints of the tables a save wrote: checked before EF accepts it. A bulk update's revisions: in its statement.
    public override void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkRevisionWriter, NpgsqlBulkRevisions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkCaptureWriter, AuditTrailBulkRevisions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVersioningHandler, DeferredConstraintCheckHandler>());
    }
}
