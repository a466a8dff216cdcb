using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Update;
using Npgsql.EntityFrameworkCore.PostgreSQL.Update.Internal;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update;

/// <summary>
/// Creates <see cref="VersioningNpgsqlModificationCommandBatch"/>es, which write the history and log rows of a save
/// inside EF's own commands. A scoped service, like the context's <see cref="VersioningContextState"/> it reads.
/// </summary>
#pragma warning disable EF1001 // Derives from Npgsql's internal batch factory: see NpgsqlInternals.
internal sealed class VersioningNpgsqlModificationCommandBatchFactory : NpgsqlModificationCommandBatchFactory
{
    private readonly ModificationCommandBatchFactoryDependencies _dependencies;
    private readonly VersioningContextState _state;
    private readonly int _maxBatchSize;

    public VersioningNpgsqlModificationCommandBatchFactory(
        ModificationCommandBatchFactoryDependencies dependencies, IDbContextOptions options, VersioningContextState state)
        : base(dependencies, options)
    {
        _dependencies = dependencies;
        _state = state;

        // The base class validated the setting.
        _maxBatchSize = NpgsqlInternals.MaxBatchSize(options);
    }

    public override ModificationCommandBatch Create()
        => WritesOfSave() is { } writes
            ? new VersioningNpgsqlModificationCommandBatch(_dependencies, _maxBatchSize, writes)
            : base.Create();

    // A save that batches rows of its own, or any save of a model with capture triggers (its statements are marked).
    private BatchedWrites? WritesOfSave()
        => _state.CurrentSave is not { } save
            ? null
            : save.Find<BatchedWrites>() is { } writes
                ? writes
                : DatabaseTriggerSettings.HasCapture(_dependencies.CurrentContext.Context.Model) ? BatchedWrites.Of(save) : null;
}
#pragma warning restore EF1001
