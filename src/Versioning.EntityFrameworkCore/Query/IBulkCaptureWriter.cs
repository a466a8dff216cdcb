using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// A provider's writer of one strategy's rows (history, log) alongside an <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>,
/// in the statement itself. A strategy whose rows no registered writer writes refuses bulk statements, as on
/// providers without one. Singletons of EF's internal provider, registered by the provider's part of the strategy.
/// </summary>
internal interface IBulkCaptureWriter
{
    /// <summary>Whether this writer writes the rows of the strategy whose per-entity-type plan is <paramref name="strategyPlan"/>.</summary>
    bool Writes(object strategyPlan);

    /// <summary>
    /// Why the rows cannot be written for a statement that sets <paramref name="setProperties"/> (none for a delete),
    /// or <see langword="null"/> when they can.
    /// </summary>
    string? Refusal(object strategyPlan, IReadOnlyList<IProperty>? setProperties);
}
