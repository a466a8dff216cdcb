using BenchmarkDotNet.Running;
using Versioning.Benchmarks;

// dotnet run -c Release --project tests/Versioning.Benchmarks -- --filter '*' [--job short]
// Check the server here, once, instead of letting every benchmark's child process fail in its setup.
var onlyInfo = args.Any(arg => arg is "--list" or "--help" or "-h" or "-?" or "--info" or "--version");
if (!onlyInfo && BenchmarkDatabase.FindServerConnectionString() is null)
{
    Console.Error.WriteLine(BenchmarkDatabase.MissingServerMessage);
    return 1;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
