using System.Diagnostics;
using System.Diagnostics.Metrics;
using Versioning.EntityFrameworkCore.Pipeline.Rows;

namespace Versioning.EntityFrameworkCore.Diagnostics;

/// <summary>
/// Versioning's activity source and meter (<see cref="VersioningTelemetry"/>): a singleton of EF's internal service
/// provider, disposed with it. Instruments cost nothing measurable without a listener.
/// </summary>
internal sealed class VersioningInstruments : IDisposable
{
    private readonly ActivitySource _source = new(VersioningTelemetry.ActivitySourceName);
    private readonly Meter _meter = new(VersioningTelemetry.MeterName);
    private readonly Counter<long> _rowsWritten;
    private readonly Counter<long> _rowsPurged;
    private readonly Histogram<double> _saveOverhead;

    public VersioningInstruments()
    {
        _rowsWritten = _meter.CreateCounter<long>(VersioningTelemetry.RowsWritten, "{row}", "History, revision and log rows written by successful saves.");
        _rowsPurged = _meter.CreateCounter<long>(VersioningTelemetry.RowsPurged, "{row}", "Rows deleted by purges.");
        _saveOverhead = _meter.CreateHistogram<double>(VersioningTelemetry.SaveOverhead, "ms", "Time Versioning adds to a save before EF runs its commands.");
    }

    /// <summary>The activity of one save's preparation, or <see langword="null"/> without a listener.</summary>
    public Activity? StartSave(Type contextType)
        => _source.StartActivity(VersioningTelemetry.SaveActivityName)?.SetTag(VersioningTelemetry.ContextTag, contextType.Name);

    public void SavePrepared(long startedTimestamp)
    {
        if (_saveOverhead.Enabled)
        {
            _saveOverhead.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds);
        }
    }

    public void RowsWritten(StatedRows rows)
    {
        if (!_rowsWritten.Enabled)
        {
            return;
        }

        foreach (var table in rows.Tables)
        {
            _rowsWritten.Add(table.Rows.Count, new KeyValuePair<string, object?>(VersioningTelemetry.TableTag, TableOf(table.Layout)));
        }
    }

    public void RowsPurged(string table, long count)
    {
        if (count > 0)
        {
            _rowsPurged.Add(count, new KeyValuePair<string, object?>(VersioningTelemetry.TableTag, table));
        }
    }

    public void Dispose()
    {
        _source.Dispose();
        _meter.Dispose();
    }

    private static string? TableOf(RowLayout layout) => Microsoft.EntityFrameworkCore.RelationalEntityTypeExtensions.GetTableName(layout.Table);
}
