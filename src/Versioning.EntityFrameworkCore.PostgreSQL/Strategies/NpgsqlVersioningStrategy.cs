using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies;

/// <summary>
/// The PostgreSQL part of one strategy: the database-enforced invariants (conventions that shape indexes and
/// constraints, statements added when a table is created) and services that replace the provider-neutral ones. The
/// shared code of this package only loops over <see cref="NpgsqlVersioningStrategies.All"/>.
/// </summary>
internal abstract class NpgsqlVersioningStrategy
{
    /// <summary>Adds the strategy's PostgreSQL conventions; they run after the provider-neutral ones.</summary>
    public virtual void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
    {
    }

    /// <summary>Registers the strategy's PostgreSQL services in EF's internal service provider.</summary>
    public virtual void AddServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// A statement to run right after <paramref name="operation"/> created its table (without terminator), or
    /// <see langword="null"/>: what EF's model cannot express, such as an exclusion constraint.
    /// </summary>
    public virtual string? AfterCreateTable(CreateTableOperation operation, IModel? model, ISqlGenerationHelper sql) => null;
}
