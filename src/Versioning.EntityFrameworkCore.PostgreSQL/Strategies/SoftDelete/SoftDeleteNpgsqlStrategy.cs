using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.SoftDelete;

/// <summary>
/// Soft delete on PostgreSQL: unique indexes become partial on the deletion flag, and a bulk update of a replace-on-update
/// set writes its new records in the statement itself.
/// </summary>
internal sealed class SoftDeleteNpgsqlStrategy : NpgsqlVersioningStrategy
{
    public override void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
        => conventionSet.Add(new SoftDeletePartialIndexConvention(sqlGenerationHelper));

    public override void AddServices(IServiceCollection services)
        => services.TryAddEnumerable(ServiceDescriptor.Singleton<IBulkCaptureWriter, ReplaceOnUpdateBulkRecords>());
}
