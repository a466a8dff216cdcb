using BenchmarkDotNet.Running;
using Versioning.Benchmarks;

// dotnet run -c Release --project tests/Versioning.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project tests/Versioning.Benchmarks -- --interleaved temporal 1   (see InterleavedComparison)
// Check the server here, once, instead of letting every benchmark's child process fail in its setup.
var onlyInfo = args.Any(arg => arg is "--list" or "--help" or "-h" or "-?" or "--info" or "--version");
if (!onlyInfo && BenchmarkDatabase.FindServerConnectionString() is null)
{
    Console.Error.WriteLine(BenchmarkDatabase.MissingServerMessage);
    return 1;
}

if (args.FirstOrDefault() == "--interleaved")
{
    return InterleavedComparison.Run(args[1..]);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
