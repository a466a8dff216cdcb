using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail;

/// <summary>
/// The audit trail on PostgreSQL: one current revision per family and gapless revision numbers, enforced by unique
/// indexes the migrations SQL generator creates as constraints checked at commit.
/// </summary>
internal sealed class AuditTrailNpgsqlStrategy : NpgsqlVersioningStrategy
{
    public override void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
        => conventionSet.Add(new AuditTrailIndexConvention(sqlGenerationHelper));
}
