using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// One strategy's check of a query EF is about to compile (once per query shape, never for a cached query): it throws a
/// clear error for a query whose results would silently be wrong, and returns otherwise.
/// </summary>
internal interface IQueryCheck
{
    /// <summary>Throws <see cref="InvalidOperationException"/> when <paramref name="query"/> cannot be answered correctly.</summary>
    void Check(Expression query, IModel model);
}
