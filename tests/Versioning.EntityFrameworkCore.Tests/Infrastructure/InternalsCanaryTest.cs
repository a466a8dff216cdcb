// This test names the internal types it guards, which is what EF1001 is about: it must see them to check them.
#pragma warning disable EF1001

using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking.Internal;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using Microsoft.EntityFrameworkCore.Update.Internal;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Storage.Internal.Mapping;
using Npgsql.EntityFrameworkCore.PostgreSQL.Update.Internal;

namespace Versioning.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// Upgrade canaries: every internal member of EF Core and Npgsql's provider that Versioning relies on (the list in
/// EFCoreInternals and NpgsqlInternals), checked by reflection against the versions this build restores. An EF or
/// Npgsql release that changes one fails here with the member's name and the Versioning file that uses it, instead of
/// with a MissingMethodException in an application.
/// </summary>
public class InternalsCanaryTest
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    public static TheoryData<string> Members => [.. Canaries.Keys];

    [Theory]
    [MemberData(nameof(Members))]
    public void An_internal_member_Versioning_relies_on_is_still_there(string member)
        => Canaries[member]().Should().BeTrue(
            $"Versioning relies on {member}; it changed in this EF Core or Npgsql version. Update the code that uses it and "
            + "the canary (see EFCoreInternals and NpgsqlInternals for where each is used)");

    private static readonly Dictionary<string, Func<bool>> Canaries = new()
    {
        // Versioning.EntityFrameworkCore: Query/VersioningQueryCompiler.cs
        ["QueryCompiler(IQueryContextFactory, ICompiledQueryCache, ICompiledQueryCacheKeyGenerator, IDatabase, IDiagnosticsLogger<Query>, ICurrentDbContext, IEvaluatableExpressionFilter, IModel) (VersioningQueryCompiler)"]
            = () => typeof(QueryCompiler).GetConstructor(
                [
                    typeof(IQueryContextFactory), typeof(ICompiledQueryCache), typeof(ICompiledQueryCacheKeyGenerator), typeof(IDatabase),
                    typeof(IDiagnosticsLogger<DbLoggerCategory.Query>), typeof(ICurrentDbContext), typeof(IEvaluatableExpressionFilter),
                    typeof(Microsoft.EntityFrameworkCore.Metadata.IModel),
                ]) != null,
        ["virtual QueryCompiler.Execute, ExecuteAsync, CreateCompiledQuery, CreateCompiledAsyncQuery, CompileQueryCore (VersioningQueryCompiler)"]
            = () => new[] { "Execute", "ExecuteAsync", "CreateCompiledQuery", "CreateCompiledAsyncQuery", "CompileQueryCore" }
                .All(name => typeof(QueryCompiler).GetMethods(Instance).Any(m => m.Name == name && m.IsVirtual && m.IsGenericMethodDefinition)),
        // Versioning.EntityFrameworkCore: Pipeline/VersioningCommandBatchPreparer.cs
        ["CommandBatchPreparer(CommandBatchPreparerDependencies) and virtual BatchCommands (VersioningCommandBatchPreparer)"]
            = () => typeof(CommandBatchPreparer).GetConstructor([typeof(CommandBatchPreparerDependencies)]) != null
                && typeof(CommandBatchPreparer).GetMethod(nameof(CommandBatchPreparer.BatchCommands))?.IsVirtual == true,

        ["IQueryCompiler registered by EF Core as a scoped service (VersioningServiceCollectionExtensions replaces it)"]
            = () => EntityFrameworkServicesBuilder.CoreServices.TryGetValue(typeof(IQueryCompiler), out var s) && s.Lifetime == ServiceLifetime.Scoped,

        // Versioning.EntityFrameworkCore: Infrastructure/EFCoreInternals.cs
        ["InternalEntityEntry.AcceptChanges() and GetOriginalValue(IPropertyBase) (EFCoreInternals.AcceptChanges)"]
            = () => typeof(InternalEntityEntry).GetMethod(nameof(InternalEntityEntry.AcceptChanges), Type.EmptyTypes) != null
                && typeof(InternalEntityEntry).GetMethods(Instance).Any(m => m.Name == "GetOriginalValue" && m.GetParameters().Length == 1),

        ["FromSqlQueryRootExpression: EntityType, Sql, Argument and its constructors (EFCoreInternals.FromSqlRoot, FromSqlRootLike)"]
            = () => typeof(Microsoft.EntityFrameworkCore.Query.Internal.FromSqlQueryRootExpression).GetProperty("Sql")?.PropertyType == typeof(string)
                && typeof(Microsoft.EntityFrameworkCore.Query.Internal.FromSqlQueryRootExpression).GetProperty("Argument")?.PropertyType == typeof(Expression)
                && typeof(Microsoft.EntityFrameworkCore.Query.EntityQueryRootExpression).IsAssignableFrom(typeof(Microsoft.EntityFrameworkCore.Query.Internal.FromSqlQueryRootExpression))
                && typeof(Microsoft.EntityFrameworkCore.Query.Internal.FromSqlQueryRootExpression).GetConstructor(
                    [typeof(Microsoft.EntityFrameworkCore.Query.IAsyncQueryProvider), typeof(Microsoft.EntityFrameworkCore.Metadata.IEntityType), typeof(string), typeof(Expression)]) != null
                && typeof(Microsoft.EntityFrameworkCore.Query.Internal.FromSqlQueryRootExpression).GetConstructor(
                    [typeof(Microsoft.EntityFrameworkCore.Metadata.IEntityType), typeof(string), typeof(Expression)]) != null,

        // Versioning.EntityFrameworkCore: Strategies/TemporalHistory/TemporalQuerySqlProcessor.cs
        ["virtual RelationalParameterBasedSqlProcessor.Process(Expression, Dictionary<string, object?>, out bool) (TemporalQuerySqlProcessor)"]
            = () => typeof(RelationalParameterBasedSqlProcessor).GetMethod(
                    "Process", Instance, [typeof(Expression), typeof(Dictionary<string, object?>), typeof(bool).MakeByRefType()])
                is { IsVirtual: true },
        ["IRelationalParameterBasedSqlProcessorFactory registered by the provider (TemporalQuerySqlProcessorFactory wraps it)"]
            = () => typeof(IRelationalParameterBasedSqlProcessorFactory).GetMethod("Create") != null,

        // Versioning.EntityFrameworkCore.PostgreSQL: Update/VersioningNpgsqlModificationCommandBatch.cs
        ["NpgsqlModificationCommandBatch(ModificationCommandBatchFactoryDependencies, int) (VersioningNpgsqlModificationCommandBatch)"]
            = () => typeof(NpgsqlModificationCommandBatch).GetConstructor(Instance, [typeof(ModificationCommandBatchFactoryDependencies), typeof(int)]) != null,
        ["NpgsqlModificationCommandBatch: virtual SqlBuilder, AddCommand, Complete, Consume, ConsumeAsync (VersioningNpgsqlModificationCommandBatch)"]
            = () => typeof(NpgsqlModificationCommandBatch).GetProperty("SqlBuilder", Instance)?.GetMethod is { IsVirtual: true }
                && new[] { "AddCommand", "Complete", "Consume", "ConsumeAsync" }
                    .All(name => typeof(NpgsqlModificationCommandBatch).GetMethods(Instance).Any(m => m.Name == name && m.IsVirtual)),
        ["NpgsqlDataReader.Statements with per-statement Rows (VersioningNpgsqlModificationCommandBatch checks set-based updates)"]
            = () => typeof(NpgsqlDataReader).GetProperty("Statements") != null && typeof(NpgsqlBatchCommand).GetProperty("Rows") != null,

        // Versioning.EntityFrameworkCore.PostgreSQL: Update/VersioningNpgsqlModificationCommandBatchFactory.cs, Infrastructure/NpgsqlInternals.cs
        ["NpgsqlModificationCommandBatchFactory(ModificationCommandBatchFactoryDependencies, IDbContextOptions) and virtual Create() (VersioningNpgsqlModificationCommandBatchFactory)"]
            = () => typeof(NpgsqlModificationCommandBatchFactory).GetConstructor([typeof(ModificationCommandBatchFactoryDependencies), typeof(IDbContextOptions)]) != null
                && typeof(NpgsqlModificationCommandBatchFactory).GetMethod("Create")?.IsVirtual == true,
        ["NpgsqlOptionsExtension.MaxBatchSize (NpgsqlInternals.MaxBatchSize)"]
            = () => typeof(NpgsqlOptionsExtension).GetProperty("MaxBatchSize")?.PropertyType == typeof(int?),

        // Versioning.EntityFrameworkCore.PostgreSQL: Update/NpgsqlArrayParameter.cs
        ["NpgsqlTypeMapping.NpgsqlDbType (NpgsqlArrayParameter types its arrays with it)"]
            = () => typeof(NpgsqlTypeMapping).GetProperty("NpgsqlDbType") != null,

        // Versioning.EntityFrameworkCore.PostgreSQL: Migrations/VersioningNpgsqlMigrationsSqlGenerator.cs
        ["NpgsqlMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies, INpgsqlSingletonOptions) (VersioningNpgsqlMigrationsSqlGenerator)"]
            = () => typeof(NpgsqlMigrationsSqlGenerator).GetConstructor([typeof(MigrationsSqlGeneratorDependencies), typeof(INpgsqlSingletonOptions)]) != null,
    };
}
