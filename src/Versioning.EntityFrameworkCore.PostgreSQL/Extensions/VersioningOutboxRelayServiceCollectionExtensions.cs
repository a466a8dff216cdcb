using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ChangeEvents.Relay;

// ReSharper disable once CheckNamespace
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the change event relay (PostgreSQL).</summary>
public static class VersioningOutboxRelayServiceCollectionExtensions
{
    /// <summary>
    /// Adds a hosted service that delivers the change events of <typeparamref name="TContext"/>'s outbox to the handlers
    /// added with <see cref="ChangeEventRelayBuilder.AddHandler{THandler}"/>: at least once, in stream order, woken by
    /// PostgreSQL's <c>LISTEN/NOTIFY</c> and polling as the fallback, retrying failures with exponential backoff and
    /// dead-lettering after the last attempt, purging delivered events after the retention. Any number of processes may
    /// run it against one database: they share the work without delivering an event twice at once or out of its stream's
    /// order. <see cref="ChangeEventRelay{TContext}"/> is registered too, for running rounds by hand. Register
    /// <typeparamref name="TContext"/> (<c>AddDbContext</c>, <c>AddDbContextPool</c> or a context factory) on PostgreSQL.
    /// </summary>
    /// <typeparam name="TContext">The context whose model maps the outbox.</typeparam>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the relay's options.</param>
    /// <returns>A builder that adds handlers.</returns>
    public static ChangeEventRelayBuilder AddVersioningOutboxRelay<TContext>(
        this IServiceCollection services, Action<ChangeEventRelayOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ChangeEventRelayOptions>();
        if (configure != null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<ChangeEventRelay<TContext>>();
        services.AddHostedService<ChangeEventRelayService<TContext>>();
        return new ChangeEventRelayBuilder(services);
    }
}
