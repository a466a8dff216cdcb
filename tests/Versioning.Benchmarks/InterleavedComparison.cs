using System.Diagnostics;
using System.Globalization;

namespace Versioning.Benchmarks;

/// <summary>
/// A second way to compare a strategy with plain EF Core: one process runs the two one after the other, save by save
/// (or block by block for lookups), and reports the ratio of their medians. BenchmarkDotNet runs each side in its own
/// process one after the other, so a change of the machine or of the database server between the two (other work on
/// shared cores, a checkpoint, autovacuum) moves its ratio; here both sides see the same conditions.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project tests/Versioning.Benchmarks -- --interleaved temporal 1 [saves]</c>; cases:
/// <c>temporal N</c>, <c>activity N</c>, <c>audit N</c>, <c>stamps N</c>, <c>asof</c>. By default 2,000 saves of each side
/// below N = 100 (a one-row save runs a lot of code once, which the JIT optimizes only after many saves) and 100 from
/// there; the first tenth (at least 20) only warm up the JIT and the server, and are not counted.
/// </remarks>
public static class InterleavedComparison
{
    /// <summary>Runs the case the arguments name and prints the medians.</summary>
    /// <param name="args">The case, N (not for <c>asof</c>), and optionally how many saves or lookup blocks to measure.</param>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args)
    {
        var name = args.ElementAtOrDefault(0);
        var n = int.Parse(args.ElementAtOrDefault(1) ?? "1", CultureInfo.InvariantCulture);
        var count = int.Parse(args.ElementAtOrDefault(2) ?? (n >= 100 ? "100" : "2000"), CultureInfo.InvariantCulture);
        switch (name)
        {
            case "temporal":
            {
                var b = new TemporalSaveBenchmarks { N = n };
                b.CreateDatabase();
                Saves(count, b.LoadPlain, () => b.PlainEfCore(), b.LoadTemporal, () => b.TemporalHistory(), b.EndUnitOfWork);
                return 0;
            }

            case "activity":
            {
                var b = new ActivityLogSaveBenchmarks { N = n };
                b.CreateDatabase();
                Saves(count, b.LoadPlain, () => b.PlainEfCore(), b.LoadLogged, () => b.ActivityLog(), b.EndUnitOfWork);
                return 0;
            }

            case "audit":
            {
                var b = new AuditTrailSaveBenchmarks { N = n };
                b.CreateDatabase();
                Saves(count, b.LoadPlain, () => b.PlainEfCoreUpdate(), b.LoadAudited, () => b.AuditTrail(), b.EndUnitOfWork);
                return 0;
            }

            case "stamps":
            {
                var b = new ChangeStampsSaveBenchmarks { N = n };
                b.CreateDatabase();
                Saves(count, b.LoadPlain, () => b.PlainEfCore(), b.LoadStamped, () => b.ChangeStamps(), b.EndUnitOfWork);
                return 0;
            }

            case "asof":
            {
                var b = new TemporalAsOfBenchmarks();
                b.CreateDatabase();
                Lookups(args.Length > 1 ? n : 30, () => b.PrimaryKeyLookup(), () => b.AsOfPointLookup());
                b.DisposeServices();
                return 0;
            }

            default:
                Console.Error.WriteLine("--interleaved takes a case (temporal, activity, audit, stamps or asof), N and optionally a count.");
                return 1;
        }
    }

    private static void Saves(int count, Action loadPlain, Action savePlain, Action loadVersioned, Action saveVersioned, Action end)
    {
        var warmup = Math.Max(20, count / 10);
        var plain = new List<double>(count);
        var versioned = new List<double>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            var p = Time(loadPlain, savePlain, end);
            var v = Time(loadVersioned, saveVersioned, end);
            if (i >= warmup)
            {
                plain.Add(p);
                versioned.Add(v);
            }
        }

        Report("save", plain, versioned, "ms");
    }

    private static double Time(Action load, Action save, Action end)
    {
        load();
        var started = Stopwatch.GetTimestamp();
        save();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        end();
        return elapsed;
    }

    private static void Lookups(int blocks, Action keyLookup, Action asOfLookup)
    {
        const int PerBlock = 1000;
        var key = new List<double>(blocks);
        var asOf = new List<double>(blocks);
        for (var block = 0; block < 5 + blocks; block++)
        {
            var k = Block(keyLookup);
            var a = Block(asOfLookup);
            if (block >= 5)
            {
                key.Add(k);
                asOf.Add(a);
            }
        }

        Report($"lookup (blocks of {PerBlock})", key, asOf, "us");

        static double Block(Action lookup)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < PerBlock; i++)
            {
                lookup();
            }

            return Stopwatch.GetElapsedTime(started).TotalMicroseconds / PerBlock;
        }
    }

    private static void Report(string what, List<double> plain, List<double> versioned, string unit)
    {
        var plainMedian = Median(plain);
        var versionedMedian = Median(versioned);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{what}: plain EF median {plainMedian:F2} {unit}, Versioning median {versionedMedian:F2} {unit}, ratio {versionedMedian / plainMedian:F2} ({plain.Count} each)"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
