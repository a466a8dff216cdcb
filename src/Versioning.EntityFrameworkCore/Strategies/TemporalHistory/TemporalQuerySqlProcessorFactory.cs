using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Wraps every processor the provider's factory creates in a <see cref="TemporalQuerySqlProcessor"/>, so that EF
/// caches the SQL of temporal queries.
/// </summary>
internal sealed class TemporalQuerySqlProcessorFactory(
    IRelationalParameterBasedSqlProcessorFactory inner,
    RelationalParameterBasedSqlProcessorDependencies dependencies)
    : IRelationalParameterBasedSqlProcessorFactory
{
    public RelationalParameterBasedSqlProcessor Create(RelationalParameterBasedSqlProcessorParameters parameters)
        => new TemporalQuerySqlProcessor(dependencies, parameters, inner.Create(parameters));

    /// <summary>
    /// Puts the factory in front of the provider's, when the provider has registered one (it has when Versioning is
    /// configured after the provider, as in <c>UseNpgsql(cs, o =&gt; o.UseVersioning())</c> or
    /// <c>UseSqlite(cs).UseVersioning()</c>). Otherwise nothing changes: temporal queries then still work, with their
    /// SQL generated on every execution.
    /// </summary>
    /// <param name="services">EF Core's internal services.</param>
    public static void Decorate(IServiceCollection services)
    {
        var provider = services.LastOrDefault(d => d.ServiceType == typeof(IRelationalParameterBasedSqlProcessorFactory));
        if (provider?.ImplementationType is not { } providerFactoryType)
        {
            return;
        }

        // The provider's lifetime (scoped in EF Core 10: the processors' dependencies include the model).
        services.Remove(provider);
        services.Add(
            ServiceDescriptor.Describe(
                typeof(IRelationalParameterBasedSqlProcessorFactory),
                serviceProvider => new TemporalQuerySqlProcessorFactory(
                    (IRelationalParameterBasedSqlProcessorFactory)ActivatorUtilities.CreateInstance(serviceProvider, providerFactoryType),
                    serviceProvider.GetRequiredService<RelationalParameterBasedSqlProcessorDependencies>()),
                provider.Lifetime));
    }
}
