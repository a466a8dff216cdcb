using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Update;
using Microsoft.EntityFrameworkCore.Update.Internal;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>
/// EF's command batch preparer, ending a save with a <see cref="VersioningLastBatch"/> for each piece of work the save
/// keeps for after EF's commands (<see cref="ILastBatchWrite"/>). EF's batch executor runs every batch of a save before it commits
/// its transaction or releases the savepoint of the save, and EF accepts the changes only after that: no other moment
/// both follows EF's last command and can still fail the save (EF ignores failures when it releases a savepoint).
/// </summary>
#pragma warning disable EF1001 // Derives from EF's internal CommandBatchPreparer: see EFCoreInternals.
internal sealed class VersioningCommandBatchPreparer(
    CommandBatchPreparerDependencies dependencies, ICurrentDbContext currentContext, VersioningContextState state)
    : CommandBatchPreparer(dependencies)
{
    public override IEnumerable<ModificationCommandBatch> BatchCommands(IList<IUpdateEntry> entries, IUpdateAdapter updateAdapter)
    {
        foreach (var batch in base.BatchCommands(entries, updateAdapter))
        {
            yield return batch;
        }

        foreach (var write in state.CurrentSave?.FindAll<ILastBatchWrite>() ?? [])
        {
            if (write.HasWork)
            {
                yield return new VersioningLastBatch(currentContext.Context, write);
            }
        }
    }
}
#pragma warning restore EF1001
