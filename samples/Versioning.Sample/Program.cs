using Versioning.Sample.Infrastructure;
using Versioning.Sample.Scenarios;
using Versioning.Sample.Scenarios.BackOffice;
using Versioning.Sample.Scenarios.Chain;
using Versioning.Sample.Scenarios.ContactEmails;
using Versioning.Sample.Scenarios.Documents;
using Versioning.Sample.Scenarios.LegalEntities;
using Versioning.Sample.Scenarios.ProductVariants;
using Versioning.Sample.Scenarios.PromptCraft;
using Versioning.Sample.Scenarios.SalesChannels;
using Versioning.Sample.Scenarios.Vivatour;

// The walkthrough: each scenario shows one strategy on one of the seed's examples. They run in this order against
// one freshly created database; a new strategy adds its scenario here.
IScenario[] scenarios =
[
    new SalesChannelsScenario(), new ContactEmailsScenario(), new DocumentsScenario(), new ProductVariantsScenario(), new LegalEntitiesScenario(),
    new BackOfficeScenario(), new ChainScenario(), new VivatourScenario(), new PromptCraftScenario(),
];

SampleArguments arguments;
SampleDatabase database;
try
{
    arguments = SampleArguments.Parse(args, Environment.GetEnvironmentVariable(SampleArguments.ConnectionStringVariable));
    database = SampleDatabase.For(arguments);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(SampleArguments.Usage);
    return 2;
}

if (arguments.ShowHelp)
{
    Console.WriteLine(SampleArguments.Usage);
    return 0;
}

// A fixed start, so every run and every database print the same times; scenarios move the clock forward.
var clock = new SampleClock(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));
await using var services = SampleServices.Build(database, clock, arguments.ShowSql);
var host = new SampleHost(services, clock, Console.Out) { IsPostgreSql = database is PostgresSampleDatabase };

Console.WriteLine($"Database: {database.Description}");
await host.RecreateDatabaseAsync();
foreach (var scenario in scenarios)
{
    host.Title(scenario.Name);
    await scenario.RunAsync(host);
}

return 0;
