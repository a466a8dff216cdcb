using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Wraps every processor the provider's factory creates in a <see cref="TemporalQuerySqlProcessor"/>, so that EF
/// caches the SQL of temporal queries.
/// </summary>
internal sealed class TemporalQuerySqlProcessorFactory(
    IRelationalParameterBasedSqlProcessorFactory inner,
    RelationalParameterBasedSqlProcessorDependencies dependencies,
    IModel model)
    : IRelationalParameterBasedSqlProcessorFactory
{
    public RelationalParameterBasedSqlProcessor Create(RelationalParameterBasedSqlProcessorParameters parameters)
        => new TemporalQuerySqlProcessor(dependencies, parameters, inner.Create(parameters), model);

    /// <summary>
    /// Puts the factory in front of the provider's where EF's query compilation takes it from: the dependencies of EF's
    /// shaped query compiling visitor, a record whose copy gets the wrapper. The provider's own registration is left as
    /// it is, and everything else in EF keeps using it.
    /// </summary>
    /// <param name="services">EF Core's internal services.</param>
    public static void Register(IServiceCollection services)
    {
        // EF accepts a registration of its dependency records other than its own only in place of its own, so the
        // provider's services must be there already (UseVersioning checks the order of the options first).
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(RelationalShapedQueryCompilingExpressionVisitorDependencies))
            ?? throw new InvalidOperationException(VersioningStrings.VersioningServicesBeforeProvider);
        services.Replace(ServiceDescriptor.Describe(typeof(RelationalShapedQueryCompilingExpressionVisitorDependencies), Create, existing.Lifetime));
    }

    // EF's own instance, built from the provider's services as EF would (its constructor is for EF's use, so it is
    // called through DI rather than by name), then copied with the wrapper.
    private static RelationalShapedQueryCompilingExpressionVisitorDependencies Create(IServiceProvider services)
    {
        var dependencies = ActivatorUtilities.CreateInstance<RelationalShapedQueryCompilingExpressionVisitorDependencies>(services);
        return dependencies with
        {
            RelationalParameterBasedSqlProcessorFactory = new TemporalQuerySqlProcessorFactory(
                dependencies.RelationalParameterBasedSqlProcessorFactory,
                services.GetRequiredService<RelationalParameterBasedSqlProcessorDependencies>(),
                services.GetRequiredService<IModel>()),
        };
    }
}
