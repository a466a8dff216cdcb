using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Sample.Infrastructure;

/// <summary>
/// What a scenario works with: units of work run as a given actor, fresh reads of the database, the clock, and
/// the console.
/// </summary>
internal sealed class SampleHost(IServiceProvider services, SampleClock clock, TextWriter output)
{
    public SampleClock Clock { get; } = clock;

    /// <summary>The application's services (for what runs outside a unit of work, such as the change event relay).</summary>
    public IServiceProvider Services => services;

    /// <summary>Whether the sample runs on PostgreSQL (some features need it).</summary>
    public bool IsPostgreSql { get; init; }

    public async Task RecreateDatabaseAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SampleDbContext>();
        await db.Database.EnsureDeletedAsync();
        await db.Database.EnsureCreatedAsync();
    }

    /// <summary>
    /// Runs one unit of work as <paramref name="actor"/>, like one web request: its own DI scope, so its own
    /// context and its own <see cref="SampleActor"/>, which Versioning asks at each SaveChanges.
    /// </summary>
    public async Task RunAsAsync(string actor, Func<SampleDbContext, Task> work)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<SampleActor>().ActorId = actor;
        await work(scope.ServiceProvider.GetRequiredService<SampleDbContext>());
    }

    /// <summary>
    /// Reads with a context of its own, so what gets printed is what the database holds, not what the context
    /// that saved it remembers.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<SampleDbContext, Task<T>> read)
    {
        await using var scope = services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<SampleDbContext>());
    }

    public void Title(string title)
    {
        output.WriteLine();
        output.WriteLine($"=== {title} ===");
    }

    /// <summary>Announces a step, stamped with the sample clock's time.</summary>
    public void Step(string actor, string what)
    {
        output.WriteLine();
        output.WriteLine($"[{Clock.GetUtcNow():HH:mm} UTC] {actor} {what}");
    }

    public void Note(string text) => output.WriteLine($"  > {text}");

    public void Print(TablePrinter table) => table.WriteTo(output);
}
