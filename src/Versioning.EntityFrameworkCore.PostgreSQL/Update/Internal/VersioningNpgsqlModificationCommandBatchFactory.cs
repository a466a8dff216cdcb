// Npgsql's batch and batch factory live in *.Internal namespaces; ours derive from them so that everything Npgsql does
// (batch size, output parameters, reading rows affected per statement) stays as it is. Pinned to Npgsql 10.0.x.
#pragma warning disable EF1001

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Update;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Update.Internal;
using Versioning.EntityFrameworkCore.Pipeline;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Update.Internal;

/// <summary>
/// Creates <see cref="VersioningNpgsqlModificationCommandBatch"/>es, which write the history and log rows of a save
/// inside EF's own commands. A scoped service, like the context's <see cref="VersioningContextState"/> it reads.
/// </summary>
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

        // Npgsql's own default, used when the application sets no MaxBatchSize (the base class validated the setting).
        _maxBatchSize = options.FindExtension<NpgsqlOptionsExtension>()?.MaxBatchSize ?? 1000;
    }

    public override ModificationCommandBatch Create()
        => _state.BatchedWrites is { } writes
            ? new VersioningNpgsqlModificationCommandBatch(_dependencies, _maxBatchSize, writes)
            : base.Create();
}
