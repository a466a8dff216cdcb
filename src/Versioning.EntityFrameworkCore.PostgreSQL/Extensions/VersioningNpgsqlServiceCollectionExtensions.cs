using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Update;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Pipeline.Rows;
using Versioning.EntityFrameworkCore.PostgreSQL.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Migrations;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;

// ReSharper disable once CheckNamespace
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the PostgreSQL services of Versioning in EF Core's internal service provider.
/// </summary>
public static class VersioningNpgsqlServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PostgreSQL parts of Versioning. <c>npgsql.UseVersioning()</c> calls this; call it yourself only
    /// when you build EF's internal service provider by hand (then also call <c>AddEntityFrameworkVersioning()</c>).
    /// </summary>
    /// <param name="serviceCollection">EF Core's internal services.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddEntityFrameworkVersioningNpgsql(this IServiceCollection serviceCollection)
    {
        ArgumentNullException.ThrowIfNull(serviceCollection);
        new EntityFrameworkServicesBuilder(serviceCollection)
            .TryAdd<IConventionSetPlugin, VersioningNpgsqlConventionSetPlugin>()
            .TryAddProviderSpecificServices(b => b
                .TryAddSingletonEnumerable<IVersioningRowWriter, NpgsqlRowWriter>()
                .TryAddSingleton<PreparedSaveStatements, PreparedSaveStatements>());

        // An interceptor of EF's internal service provider, like the SaveChanges one: applications add nothing.
        // The settings first: the bulk capture interceptor runs the command it rewrites itself.
        serviceCollection.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, TransactionSettingsInterceptor>());
        serviceCollection.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, SaveStatementPreparation>());
        serviceCollection.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, BulkCaptureInterceptor>());

        // Replace (not TryAdd): Npgsql registers its own factory; ours derives from it and writes history and log rows
        // inside EF's command batches.
        serviceCollection.Replace(ServiceDescriptor.Scoped<IModificationCommandBatchFactory, VersioningNpgsqlModificationCommandBatchFactory>());

        // Replace (not TryAdd): the provider-neutral inserter was registered first (UseVersioning runs before the
        // PostgreSQL extension).
        serviceCollection.Replace(ServiceDescriptor.Singleton<IRowInserter, NpgsqlRowInserter>());

        foreach (var strategy in NpgsqlVersioningStrategies.All)
        {
            strategy.AddServices(serviceCollection);
        }

        // Replace (not TryAdd): Npgsql registers its own generator; ours derives from it and only adds the exclusion
        // constraints of temporal history tables.
        serviceCollection.Replace(ServiceDescriptor.Scoped<IMigrationsSqlGenerator, VersioningNpgsqlMigrationsSqlGenerator>());

        // Replace (not TryAdd): Npgsql registers its own; ours derives from it and adds the annotations that show, in
        // scaffolded migrations, what the generator above runs.
        serviceCollection.Replace(ServiceDescriptor.Singleton<IRelationalAnnotationProvider, VersioningNpgsqlAnnotationProvider>());
        return serviceCollection;
    }
}
