using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// Recognises an <c>ExecuteUpdate</c> or <c>ExecuteDelete</c> query (sync and async produce the same call) and the
/// entity type it writes. Every other query costs one type test.
/// </summary>
internal sealed class BulkStatement
{
    private BulkStatement(MethodCallExpression call, IEntityType entityType, bool isUpdate, bool isHardDelete, bool isPurge)
    {
        IsPurge = isPurge;
        Call = call;
        EntityType = entityType;
        IsUpdate = isUpdate;
        IsHardDelete = isHardDelete;
    }

    /// <summary>The statement's call, without the <see cref="HardDeleteMarker"/> (EF could not translate it).</summary>
    public MethodCallExpression Call { get; }

    /// <summary>Whether the caller asked for a hard delete with <c>ExecuteHardDelete()</c>.</summary>
    public bool IsHardDelete { get; }

    /// <summary>
    /// Whether the statement is a purge's hard delete (of rows whose retention ended, or of what strategies copied of
    /// them), which each strategy already handled through its <see cref="Strategies.IPurgeParticipant"/>.
    /// </summary>
    public bool IsPurge { get; }

    public IEntityType EntityType { get; }

    public bool IsUpdate { get; }

    /// <summary>
    /// The plans of the strategies whose rows the provider writes in the statement itself (rewriters add theirs);
    /// empty when the statement runs as written.
    /// </summary>
    public List<object> CapturedStrategyPlans { get; } = [];

    /// <summary>The operator as the application wrote it, for messages.</summary>
    public string Name => IsUpdate ? "ExecuteUpdate" : IsHardDelete ? "ExecuteHardDelete" : "ExecuteDelete";

    public static BulkStatement? TryParse(Expression query, IModel model)
    {
        if (query is not MethodCallExpression { Method: { Name: "ExecuteUpdate" or "ExecuteDelete" } method } call
            || method.DeclaringType != typeof(EntityFrameworkQueryableExtensions))
        {
            return null;
        }

        bool isHardDelete = false, isPurge = false;
        if (call.Arguments[0] is MethodCallExpression marker && marker.Method.IsGenericMethod
            && marker.Method.GetGenericMethodDefinition() is var definition
            && (definition == HardDeleteMarker.Method || definition == HardDeleteMarker.PurgeMethod))
        {
            call = call.Update(call.Object, [marker.Arguments[0], .. call.Arguments.Skip(1)]);
            isHardDelete = true;
            isPurge = definition == HardDeleteMarker.PurgeMethod;
        }

        // The written type is the source's element type (after OfType<T>() it differs from the root's).
        var entityType = model.FindEntityType(method.GetGenericArguments()[0]) ?? FindRoot(call)?.EntityType;
        return entityType == null ? null : new BulkStatement(call, entityType, method.Name == "ExecuteUpdate", isHardDelete, isPurge);
    }

    /// <summary>Finds the entity set a query starts from (through method calls on it).</summary>
    public static EntityQueryRootExpression? FindRoot(Expression expression)
    {
        while (true)
        {
            switch (expression)
            {
                case EntityQueryRootExpression root:
                    return root;
                case MethodCallExpression { Arguments.Count: > 0 } call:
                    expression = call.Object ?? call.Arguments[0];
                    break;
                default:
                    return null;
            }
        }
    }
}
