using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// Both contexts are registered and resolved the way an application does it (AddDbContext, one DI scope per unit
/// of work), so the stamped one pays for the actor and clock lookups a real application pays for.
/// </summary>
public static class BenchServices
{
    public static ServiceProvider Build(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddVersioning(versioning => versioning.UseActorAccessor<BenchActor>());
        services.AddDbContext<PlainBenchContext>(options => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention());
        services.AddDbContext<StampedBenchContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.UseVersioning())
            .UseSnakeCaseNamingConvention());
        return services.BuildServiceProvider();
    }
}
