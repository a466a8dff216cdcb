using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.SoftDelete;

/// <summary>Soft delete on PostgreSQL: unique indexes become partial on the deletion flag.</summary>
internal sealed class SoftDeleteNpgsqlStrategy : NpgsqlVersioningStrategy
{
    public override void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
        => conventionSet.Add(new SoftDeletePartialIndexConvention(sqlGenerationHelper));
}
