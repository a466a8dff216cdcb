using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ActivityLog;

/// <summary>
/// The activity log on PostgreSQL: rows written apart from EF's batch go in as one <c>unnest</c> insert, and bulk statements
/// write theirs in the statement itself.
/// </summary>
internal sealed class ActivityLogNpgsqlStrategy : NpgsqlVersioningStrategy
{
    // Replace: the provider-neutral writer was registered first (UseVersioning runs before the PostgreSQL extension).
    public override void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
        => conventionSet.Add(new ActivityLogNpgsqlConvention());

    // Bulk statements on logged entity types write their log rows in the statement itself.
    public override void AddServices(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IActivityLogWriter, NpgsqlActivityLogWriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkCaptureWriter, ActivityLogBulkCapture>());
    }
}
