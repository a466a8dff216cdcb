using Microsoft.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.Query;

/// <summary>
/// What one execution of a bulk statement must also write, in the same statement: the strategies whose rows the
/// provider's <see cref="IBulkCaptureWriter"/>s write (each by its plan), and the who, when and why of the execution.
/// The query compiler keeps it in <see cref="VersioningContextState.PendingBulkCapture"/> while the statement runs; the
/// provider's command interceptor turns the statement's command into one that also writes the rows (see ARCHITECTURE.md,
/// "The path of a bulk statement").
/// </summary>
/// <param name="EntityType">The type the statement writes.</param>
/// <param name="IsDelete">Whether the application asked for a delete (soft delete may have made it an update of the flags).</param>
/// <param name="Change">The execution's time, actor and change scope.</param>
/// <param name="CorrelationId">One id for every row the execution writes (the change scope's, else a new one).</param>
/// <param name="StrategyPlans">The plans of the strategies whose rows are written with the statement, in handler order.</param>
/// <param name="SetProperties">The properties an update sets (empty for a delete).</param>
internal sealed record BulkCapture(
    IEntityType EntityType,
    bool IsDelete,
    ChangeContext Change,
    string CorrelationId,
    IReadOnlyList<object> StrategyPlans,
    IReadOnlyList<IProperty> SetProperties);
