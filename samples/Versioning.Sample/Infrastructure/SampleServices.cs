using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Versioning.Sample.Infrastructure;

/// <summary>The sample's DI container, wired the way an ASP.NET Core app would wire it.</summary>
internal static class SampleServices
{
    public static ServiceProvider Build(SampleDatabase database, SampleClock clock, bool showSql)
    {
        var services = new ServiceCollection();

        // One SampleActor per scope; the walkthrough sets its ActorId at the start of each unit of work.
        services.AddScoped<SampleActor>();
        services.AddVersioning(versioning => versioning
            // The factory hands Versioning the scope's SampleActor itself; UseActorAccessor<SampleActor>() would
            // register a second instance per scope, one the walkthrough could not reach to set the actor.
            .UseActorAccessor(provider => provider.GetRequiredService<SampleActor>())
            .UseTimeProvider(clock));

        services.AddDbContext<SampleDbContext>(options =>
        {
            database.Configure(options);

            // Columns read like the seed's schema: created_at, created_by, updated_at, updated_by.
            options.UseSnakeCaseNamingConvention();
            if (showSql)
            {
                options.LogTo(Console.WriteLine, [RelationalEventId.CommandExecuted], LogLevel.Information);
            }
        });

        // The change event relay (PostgreSQL) and the partner endpoint it delivers to (the Vivatour scenario runs its
        // rounds by hand; an application's host would start its hosted service instead).
        services.AddLogging();
        services.AddSingleton<Scenarios.Vivatour.PartnerSyncHandler>();
        services.AddVersioningOutboxRelay<SampleDbContext>(relay => relay.FirstRetryDelay = TimeSpan.FromMinutes(1))
            .AddHandler(provider => provider.GetRequiredService<Scenarios.Vivatour.PartnerSyncHandler>());

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
