using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Update;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Infrastructure;

/// <summary>
/// The calls this package makes into the internal APIs of EF Core and Npgsql's provider (EF1001), so that they are in
/// one place. The package also derives from three of Npgsql's internal types, each suppressing EF1001 only around its
/// declaration, so that everything Npgsql does (batch sizes, output parameters, rows affected per statement, its DDL)
/// stays as it is: <c>VersioningNpgsqlModificationCommandBatch</c> (<c>NpgsqlModificationCommandBatch</c>),
/// <c>VersioningNpgsqlModificationCommandBatchFactory</c> (<c>NpgsqlModificationCommandBatchFactory</c>) and
/// <c>VersioningNpgsqlMigrationsSqlGenerator</c> (whose base takes <c>INpgsqlSingletonOptions</c>). Two more members are
/// not flagged by EF1001 but are Npgsql's implementation all the same: <c>NpgsqlTypeMapping.NpgsqlDbType</c> (the element
/// type of <c>NpgsqlArrayParameter</c>) and <c>NpgsqlDataReader.Statements</c> (rows affected per statement). The package
/// references Npgsql's provider within one minor line (<c>[10.0.x, 11.0.0)</c>), and <c>InternalsCanaryTest</c>
/// fails with the member's name when a release changes one of them.
/// </summary>
internal static class NpgsqlInternals
{
    /// <summary>Npgsql's default batch size, used when the application sets no <c>MaxBatchSize</c>.</summary>
    private const int DefaultMaxBatchSize = 1000;

    /// <summary>The <c>MaxBatchSize</c> the application gave Npgsql, or Npgsql's default.</summary>
    public static int MaxBatchSize(IDbContextOptions options)
#pragma warning disable EF1001 // NpgsqlOptionsExtension holds Npgsql's options; its batch factory reads them the same way.
        => options.FindExtension<NpgsqlOptionsExtension>()?.MaxBatchSize ?? DefaultMaxBatchSize;
#pragma warning restore EF1001

    /// <summary>The update entries of tracked entities, as EF's update logger reports a concurrency failure with them.</summary>
    public static IReadOnlyList<IUpdateEntry> UpdateEntries(IEnumerable<EntityEntry> entries)
#pragma warning disable EF1001 // InternalEntityEntry is EF's IUpdateEntry; EF's own concurrency failures pass the same objects.
        => [.. entries.Select(e => e.GetInfrastructure())];
#pragma warning restore EF1001
}
