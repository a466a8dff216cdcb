using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

/// <summary>
/// Adds the PostgreSQL conventions of the Versioning strategies (partial unique indexes, exclusion constraints...)
/// to a context configured with <c>npgsql.UseVersioning()</c>. Runs after the provider-neutral plugin.
/// </summary>
internal sealed class VersioningNpgsqlConventionSetPlugin : IConventionSetPlugin
{
    private readonly ISqlGenerationHelper _sqlGenerationHelper;

    /// <summary>Creates the plugin.</summary>
    /// <param name="sqlGenerationHelper">The provider's SQL helper, which the conventions use to delimit identifiers.</param>
    public VersioningNpgsqlConventionSetPlugin(ISqlGenerationHelper sqlGenerationHelper)
        => _sqlGenerationHelper = sqlGenerationHelper;

    /// <inheritdoc />
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        ArgumentNullException.ThrowIfNull(conventionSet);
        foreach (var strategy in NpgsqlVersioningStrategies.All)
        {
            strategy.AddConventions(conventionSet, _sqlGenerationHelper);
        }

        conventionSet.Add(new DatabaseCaptureConvention());

        return conventionSet;
    }
}
