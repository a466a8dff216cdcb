namespace Versioning.EntityFrameworkCore.Pipeline.Rows;

/// <summary>
/// Writes what the handlers of a save stated (<see cref="VersioningChangeSet.Rows"/>, the replacements in
/// <see cref="VersioningChangeSet.Replacements"/>), once every handler has run and before EF runs: as EF entities in
/// EF's batch on any provider (<see cref="EntityRowWriter"/>), or inside EF's own statements by a provider that can (the
/// PostgreSQL package's writer). A provider registers its writer as an enumerable singleton; without one,
/// <see cref="EntityRowWriter"/> writes.
/// </summary>
/// <remarks>
/// A writer keeps the stated row arrays themselves (it does not copy them) until EF's batches run: a deferred step of the
/// save (<see cref="VersioningChangeSet.Defer"/>), which runs after <c>Write</c>, may still complete a row (the change
/// events' continued stream versions).
/// </remarks>
internal interface IVersioningRowWriter
{
    /// <summary>
    /// Whether many rows are written set-based inside EF's batch, so that a strategy needs no set-based path of its own
    /// for large saves.
    /// </summary>
    bool WritesSetBased { get; }

    /// <summary>Arranges for EF's save to write the stated rows (and, where the writer can, the replacements).</summary>
    void Write(VersioningChangeSet save);

    /// <summary>
    /// After the save succeeded: checks that everything was written and returns how many tracked entities the writer's
    /// own statements saved in EF's stead (for SaveChanges' count), the old rows of replacements not among them unless
    /// they are in <see cref="VersioningChangeSet.Replacements"/>.
    /// </summary>
    int Saved(VersioningChangeSet save);
}
