using Microsoft.Extensions.Logging;

namespace Versioning.EntityFrameworkCore.Diagnostics;

/// <summary>
/// Versioning's log messages (<see cref="VersioningEventId"/>), written to the context's logger factory under
/// <see cref="VersioningEventId.LoggerCategory"/>. A scoped service of EF's internal provider, as EF's loggers are.
/// </summary>
internal sealed partial class VersioningLog(ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger(VersioningEventId.LoggerCategory);

    public bool IsDebugEnabled => _logger.IsEnabled(LogLevel.Debug);

    public void SaveWithoutActor(string context)
        => LogSaveWithoutActor(_logger, context);

    public void SetBasedWriteChosen(string table, int rows, string columns)
        => LogSetBasedWriteChosen(_logger, table, rows, columns);

    public void SetBasedWriteDeclined(string table, string reason)
        => LogSetBasedWriteDeclined(_logger, table, reason);

    public void SaveStatementPrepared(string sql)
        => LogSaveStatementPrepared(_logger, sql);

    public void BulkStatementRewritten(string statement, string entityType)
        => LogBulkStatementRewritten(_logger, statement, entityType);

    public void BulkStatementRefused(string statement, string entityType, string reason)
        => LogBulkStatementRefused(_logger, statement, entityType, reason);

    public void RowsPurged(string entityType, int rows, int copies)
        => LogRowsPurged(_logger, entityType, rows, copies);

    [LoggerMessage(EventId = 40001, EventName = "Versioning.SaveWithoutActor", Level = LogLevel.Information,
        Message = "A save or bulk statement of versioned entities on '{Context}' has no actor: the stamps, history and log rows it writes record none.")]
    private static partial void LogSaveWithoutActor(ILogger logger, string context);

    [LoggerMessage(EventId = 40101, EventName = "Versioning.SetBasedWriteChosen", Level = LogLevel.Debug,
        Message = "The updates of {Rows} rows of '{Table}' ({Columns}) are one set-based statement.")]
    private static partial void LogSetBasedWriteChosen(ILogger logger, string table, int rows, string columns);

    [LoggerMessage(EventId = 40102, EventName = "Versioning.SetBasedWriteDeclined", Level = LogLevel.Debug,
        Message = "The updates of '{Table}' keep EF's own statements: {Reason}.")]
    private static partial void LogSetBasedWriteDeclined(ILogger logger, string table, string reason);

    [LoggerMessage(EventId = 40201, EventName = "Versioning.SaveStatementPrepared", Level = LogLevel.Debug,
        Message = "A one-entity save statement is prepared on its connection: {Sql}")]
    private static partial void LogSaveStatementPrepared(ILogger logger, string sql);

    [LoggerMessage(EventId = 40301, EventName = "Versioning.BulkStatementRewritten", Level = LogLevel.Debug,
        Message = "{Statement} on '{EntityType}' was rewritten by Versioning's strategies.")]
    private static partial void LogBulkStatementRewritten(ILogger logger, string statement, string entityType);

    [LoggerMessage(EventId = 40302, EventName = "Versioning.BulkStatementRefused", Level = LogLevel.Information,
        Message = "{Statement} on '{EntityType}' was refused: {Reason}")]
    private static partial void LogBulkStatementRefused(ILogger logger, string statement, string entityType, string reason);

    [LoggerMessage(EventId = 40401, EventName = "Versioning.RowsPurged", Level = LogLevel.Information,
        Message = "Purged {Rows} rows of '{EntityType}' whose retention ended, and {Copies} rows strategies kept of them.")]
    private static partial void LogRowsPurged(ILogger logger, string entityType, int rows, int copies);
}
