using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

/// <summary>
/// Builds the SQL of partial-index filters at model finalizing: column names as the table finally names them (after a
/// naming convention such as snake_case), delimited as the provider does, and conditions added to an application's
/// own filter rather than replacing it.
/// </summary>
internal sealed class IndexFilterSql(ISqlGenerationHelper sqlGenerationHelper)
{
    public string Column(IReadOnlyProperty property, StoreObjectIdentifier storeObject)
        => sqlGenerationHelper.DelimitIdentifier(property.GetColumnName(storeObject) ?? property.GetColumnName());

    /// <summary>Makes the index partial on <paramref name="condition"/>, keeping (and combining with) any filter it has.</summary>
    public static void AddCondition(IConventionIndex index, string condition)
    {
        var filter = index.GetFilter();
        if (filter == null)
        {
            index.SetFilter(condition);
        }
        else if (!filter.Contains(condition, StringComparison.Ordinal))
        {
            index.SetFilter($"({filter}) AND {condition}");
        }
    }
}
