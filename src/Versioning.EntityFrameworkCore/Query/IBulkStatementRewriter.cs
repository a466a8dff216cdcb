using System.Linq.Expressions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// One strategy's policy for <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> on its entity types: add setters,
/// turn the statement into another one, or throw a clear error — never let it run unversioned. Rewriters are stateless
/// singletons, run in <see cref="Order"/>, each receiving the previous one's output.
/// </summary>
internal interface IBulkStatementRewriter
{
    /// <summary>The position among rewriters; a strategy uses its save handler's number.</summary>
    int Order { get; }

    /// <summary>Returns the statement to run instead of <paramref name="statement"/>'s call (or the call itself).</summary>
    Expression Rewrite(BulkStatement statement, Expression current, EntitySavePlan plan, ChangeContext change);
}
