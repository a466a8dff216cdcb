using Versioning.Sample.Infrastructure;

namespace Versioning.Sample.Scenarios;

/// <summary>
/// One walkthrough of a versioning strategy, usually one of the seed's examples. A new strategy adds a folder
/// under Scenarios/ with its entity, its entity configuration and a class implementing this interface, and
/// lists that class in Program.cs.
/// </summary>
internal interface IScenario
{
    /// <summary>The title printed before the scenario runs.</summary>
    string Name { get; }

    Task RunAsync(SampleHost host);
}
