using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Query;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ActivityLog;

/// <summary>
/// The activity log on PostgreSQL: bulk statements write their log rows in the statement itself.
/// </summary>
internal sealed class ActivityLogNpgsqlStrategy : NpgsqlVersioningStrategy
{
    public override void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
        => conventionSet.Add(new ActivityLogNpgsqlConvention());

    // Bulk statements on logged entity types write their log rows in the statement itself.
    public override void AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkCaptureWriter, ActivityLogBulkCapture>());
    }
}
