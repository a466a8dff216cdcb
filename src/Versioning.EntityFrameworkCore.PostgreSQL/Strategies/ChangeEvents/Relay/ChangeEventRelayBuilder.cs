using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Versioning.EntityFrameworkCore;

/// <summary>Adds the handlers the change event relay delivers to (<c>AddVersioningOutboxRelay</c>).</summary>
public sealed class ChangeEventRelayBuilder
{
    internal ChangeEventRelayBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Delivers every change event to <typeparamref name="THandler"/>, resolved from a DI scope of its own per round
    /// (scoped). Handlers run in the order they are added.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <returns>The same builder, for chaining.</returns>
    public ChangeEventRelayBuilder AddHandler<THandler>()
        where THandler : class, IChangeEventHandler
    {
        Services.TryAddEnumerable(ServiceDescriptor.Scoped<IChangeEventHandler, THandler>());
        return this;
    }

    /// <summary>Delivers every change event to the handler <paramref name="factory"/> creates in each round's DI scope.</summary>
    /// <param name="factory">Creates the handler.</param>
    /// <returns>The same builder, for chaining.</returns>
    public ChangeEventRelayBuilder AddHandler(Func<IServiceProvider, IChangeEventHandler> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddScoped(factory);
        return this;
    }
}
