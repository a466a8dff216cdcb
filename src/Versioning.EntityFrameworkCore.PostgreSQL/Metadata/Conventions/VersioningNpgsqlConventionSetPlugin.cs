using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Metadata.Conventions;

/// <summary>
/// Adds the PostgreSQL conventions of the Versioning strategies (partial unique indexes, exclusion constraints...)
/// to a context configured with <c>npgsql.UseVersioning()</c>. Runs after the provider-neutral plugin.
/// </summary>
public sealed class VersioningNpgsqlConventionSetPlugin : IConventionSetPlugin
{
    /// <inheritdoc />
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        ArgumentNullException.ThrowIfNull(conventionSet);
        conventionSet.Add(new TemporalHistoryNpgsqlConvention());
        return conventionSet;
    }
}
