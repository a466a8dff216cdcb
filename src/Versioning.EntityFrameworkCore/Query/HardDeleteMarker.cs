using System.Reflection;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// The marker <c>ExecuteHardDelete()</c> puts around its source so that the soft-delete rewriter leaves that one
/// <c>ExecuteDelete</c> alone. <see cref="BulkStatement"/> removes it; it is never executed.
/// </summary>
internal static class HardDeleteMarker
{
    public static readonly MethodInfo Method = typeof(HardDeleteMarker).GetMethod(nameof(HardDelete))!;

    /// <summary>The marker of a purge's hard delete, which every strategy lets through (see <see cref="BulkStatement.IsPurge"/>).</summary>
    public static readonly MethodInfo PurgeMethod = typeof(HardDeleteMarker).GetMethod(nameof(Purge))!;

    public static IQueryable<TEntity> HardDelete<TEntity>(IQueryable<TEntity> source)
        => throw new InvalidOperationException("HardDelete is a query marker and is never executed.");

    public static IQueryable<TEntity> Purge<TEntity>(IQueryable<TEntity> source)
        => throw new InvalidOperationException("Purge is a query marker and is never executed.");
}
