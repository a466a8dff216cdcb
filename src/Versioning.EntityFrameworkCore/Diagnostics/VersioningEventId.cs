using Microsoft.Extensions.Logging;

namespace Versioning.EntityFrameworkCore.Diagnostics;

/// <summary>
/// The events Versioning logs, in the <see cref="LoggerCategory"/> category of the context's logger factory (EF's own,
/// or the one given to <c>UseLoggerFactory</c>). Filter on the category or on these ids, as on EF's <c>CoreEventId</c>.
/// </summary>
public static class VersioningEventId
{
    /// <summary>The category of Versioning's log messages.</summary>
    public const string LoggerCategory = "Versioning";

    /// <summary>
    /// Information: a save or bulk statement of versioned entities has no actor (no change scope actor, no
    /// <see cref="IActorAccessor"/>, or one that returned <see langword="null"/>); the stamps, history and log rows it
    /// writes record <see langword="null"/>. Use
    /// <c>RequireActor()</c> to refuse such saves instead.
    /// </summary>
    public static readonly EventId SaveWithoutActor = new(40001, "Versioning.SaveWithoutActor");

    /// <summary>Debug: rows of one table are written by one set-based statement instead of one statement each.</summary>
    public static readonly EventId SetBasedWriteChosen = new(40101, "Versioning.SetBasedWriteChosen");

    /// <summary>Debug: the rows of a table keep EF's own statements, and why.</summary>
    public static readonly EventId SetBasedWriteDeclined = new(40102, "Versioning.SetBasedWriteDeclined");

    /// <summary>Debug: a one-entity save statement was admitted for preparation on its connection.</summary>
    public static readonly EventId SaveStatementPrepared = new(40201, "Versioning.SaveStatementPrepared");

    /// <summary>Debug: a bulk statement (<c>ExecuteUpdate</c>/<c>ExecuteDelete</c>) was rewritten by a strategy.</summary>
    public static readonly EventId BulkStatementRewritten = new(40301, "Versioning.BulkStatementRewritten");

    /// <summary>Information: a bulk statement was refused, because it would change versioned rows unversioned.</summary>
    public static readonly EventId BulkStatementRefused = new(40302, "Versioning.BulkStatementRefused");

    /// <summary>Information: soft-deleted rows whose retention ended were purged, with what strategies kept of them.</summary>
    public static readonly EventId RowsPurged = new(40401, "Versioning.RowsPurged");
}
