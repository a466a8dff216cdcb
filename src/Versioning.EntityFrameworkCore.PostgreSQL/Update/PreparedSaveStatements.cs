using System.Collections.Concurrent;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// The one-entity save statements that <see cref="SaveStatementPreparation"/> may prepare: the first
/// <see cref="Limit"/> different ones seen. Npgsql never evicts an explicitly prepared statement from a connection, and
/// there is one such statement per entity type and set of changed columns, so the number a connection holds is capped
/// here, like EF caps its own query cache. A singleton of EF's internal service provider, as EF's caches are.
/// </summary>
internal sealed class PreparedSaveStatements
{
    /// <summary>How many different statements are prepared at most (a few more when first seen concurrently).</summary>
    public const int Limit = 256;

    private readonly ConcurrentDictionary<string, bool> _admitted = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="sql"/> is one of the statements to prepare, admitting it while there is room;
    /// <paramref name="admitted"/> tells whether this call admitted it.
    /// </summary>
    public bool Admit(string sql, out bool admitted)
    {
        admitted = false;
        if (_admitted.ContainsKey(sql))
        {
            return true;
        }

        admitted = _admitted.Count < Limit && _admitted.TryAdd(sql, true);
        return admitted || _admitted.ContainsKey(sql);
    }
}
