using Versioning.EntityFrameworkCore.Properties;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeEvents;

/// <summary>
/// Bulk policy of change events: a statement on a type with change events is refused on every provider, since it would
/// change rows without their events and stream versions (no provider writes them in the statement yet).
/// </summary>
internal sealed class ChangeEventsBulkStatementRewriter(IEnumerable<IBulkCaptureWriter> writers)
    : CapturingBulkStatementRewriter<ChangeEventsPlan>(writers)
{
    public override int Order => ChangeEventsHandler.Position;

    protected override string Message(string entityType, string statementName)
        => VersioningStrings.BulkStatementOnChangeEventsType(entityType, statementName);
}
