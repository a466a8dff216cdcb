using System.Reflection;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Samples;

/// <summary>
/// The console sample (samples/Versioning.Sample) runs its whole walkthrough on PostgreSQL, as
/// <c>dotnet run -- --postgres "…"</c> does, and prints what its scenarios say; its output is read back here.
/// </summary>
[Collection(nameof(ConsoleOutputCollection))]
public sealed class ConsoleSamplePostgreSqlTest : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync("versioning_console_sample");

    public async Task DisposeAsync() => await PostgresServer.DropDatabaseAsync(_connectionString);

    [Fact]
    public void The_walkthrough_runs_to_the_end_and_shows_the_back_office_graph_as_it_was()
    {
        var entryPoint = Assembly.Load("Versioning.Sample").EntryPoint!;
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            entryPoint.Invoke(null, [new[] { "--postgres", _connectionString }]).Should().Be(0);
        }
        finally
        {
            Console.SetOut(console);
        }

        var text = output.ToString();
        text.Should().Contain("=== Back office: a contract's revisions and activities, an order as it was ===");
        text.Should().MatchRegex(@"STATUS_CHANGE \| Status \| draft +\| signed \| carol \| revision 3");
        text.Should().Contain("1 contract(s) got a new revision in the statement itself: C-1001 is at revision 4");
        text.Should().MatchRegex(@"UPDATE +\| Amount +\| 1150 +\| 1184.5 +\| frank +\| revision 4");
        text.Should().Contain("dave is refused: his copy was at version 3, the stream moved to 4");
        text.Should().MatchRegex(@"3 \| Published \| bob +\| \{""Channel"": ""intranet""\}");
        text.Should().Contain("snapshot row at version 4: identical");
        text.Should().Contain("HttpRequestException: partner endpoint unavailable (call 2)");
        text.Should().Contain("the partner has received: Created v1, Updated v2");
        text.Should().Contain("queue: 0 pending, 6 delivered, 0 failed");
        text.Should().Contain("bob sees 1 template(s): Hi {{name}}, from Globex.");
        text.Should().Contain("acme's template by id: not found");
        text.Should().Contain("2 versions: Hello {{name}}! -> Welcome aboard, {{name}}.");
        text.Should().MatchRegex(@"2 \| Updated \| acme +\| alice");
        text.Should().Contain("2 templates across tenants");
        text.Should().MatchRegex(@"reads the order as entered[\s\S]*O-77 +\| hat +\| +1[\s\S]*O-77 +\| shoe +\| +2[\s\S]*reads the order now");
    }
}

/// <summary>Tests that redirect <see cref="Console.Out"/> run one at a time.</summary>
[CollectionDefinition(nameof(ConsoleOutputCollection), DisableParallelization = true)]
public sealed class ConsoleOutputCollection;
