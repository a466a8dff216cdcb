namespace Versioning.EntityFrameworkCore.Diagnostics;

/// <summary>
/// The names of Versioning's OpenTelemetry sources: subscribe with <c>AddSource(VersioningTelemetry.ActivitySourceName)</c>
/// and <c>AddMeter(VersioningTelemetry.MeterName)</c>.
/// </summary>
public static class VersioningTelemetry
{
    /// <summary>The activity source: an activity <see cref="SaveActivityName"/> per save of versioned entities.</summary>
    public const string ActivitySourceName = "Versioning.EntityFrameworkCore";

    /// <summary>The meter of the instruments below.</summary>
    public const string MeterName = "Versioning.EntityFrameworkCore";

    /// <summary>The activity of Versioning's work before EF saves (change set, handlers, row writer).</summary>
    public const string SaveActivityName = "Versioning.PrepareSave";

    /// <summary>Counter: history, revision and log rows written by successful saves; tag <c>versioning.table</c>.</summary>
    public const string RowsWritten = "versioning.rows.written";

    /// <summary>Counter: rows deleted by purges (the purged rows and what strategies kept of them); tag <c>versioning.table</c>.</summary>
    public const string RowsPurged = "versioning.rows.purged";

    /// <summary>Histogram (ms): the time Versioning adds to a save before EF runs its commands.</summary>
    public const string SaveOverhead = "versioning.save.overhead";

    /// <summary>The tag naming the context type of a save's activity.</summary>
    public const string ContextTag = "versioning.context";

    /// <summary>The tag naming the table an instrument's rows belong to.</summary>
    public const string TableTag = "versioning.table";
}
