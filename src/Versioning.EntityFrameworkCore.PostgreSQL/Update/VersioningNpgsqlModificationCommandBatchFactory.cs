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
        => _state.CurrentSave?.Find<BatchedWrites>() is { } writes
            ? new VersioningNpgsqlModificationCommandBatch(_dependencies, _maxBatchSize, writes)
            : base.Create();
}
#pragma warning restore EF1001
