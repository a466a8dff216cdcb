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
/// <c>temporal N</c>, <c>temporal-complex N</c>, <c>events N</c>, <c>relay N</c> (events/s of two relays), <c>relay-latency N</c> (seconds at 100 events/s), <c>activity N</c>, <c>capture-activity N</c>, <c>activity-insert N</c>, <c>audit N</c>, <c>stamps N</c>, <c>softdelete N</c>,
/// <c>bulk-temporal N</c>, <c>bulk-activity N</c> and <c>bulk-audit N</c> (an <c>ExecuteUpdate</c> of N rows against the same statement on the
/// plain table), <c>bulk-temporal-vs-save N</c> (the temporal <c>ExecuteUpdate</c> against loading, editing and saving the N
/// rows, the load included), <c>capture N</c> (a raw SQL <c>UPDATE</c> of N rows of a table with capture triggers against
/// the plain table), <c>asof</c>. By default
/// 2,000 saves of each side below N = 100 (a one-row save runs a lot of code once, which the JIT optimizes only after
/// many saves) and 100 from there; the first tenth (at least 20) only warm up the JIT and the server, and are not
/// counted. From N = 10,000 (the large cases, up to 100,000 rows): 3 saves of each side after one of warming up, each
/// also measured for the bytes it allocated and the growth of the managed heap at its peak.
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
        var count = int.Parse(args.ElementAtOrDefault(2) ?? DefaultCount(n), CultureInfo.InvariantCulture);
        if (name is "relay" or "relay-latency")
        {
            return name == "relay" ? RelayBenchmarks.Throughput(n) : RelayBenchmarks.Latency(n);
        }

        if (name == "asof")
        {
            var b = new TemporalAsOfBenchmarks();
            b.CreateDatabase();
            Lookups(args.Length > 1 ? n : 30, () => b.PrimaryKeyLookup(), () => b.AsOfPointLookup());
            b.DisposeServices();
            return 0;
        }

        if (SaveCase.Named(name, n) is not { } saves)
        {
            Console.Error.WriteLine("--interleaved takes a case (temporal, temporal-complex, events, activity, activity-insert, audit, stamps, softdelete, bulk-temporal, bulk-temporal-vs-save, bulk-activity, bulk-audit, capture, capture-activity, asof, relay or relay-latency), N and optionally a count.");
            return 1;
        }

        saves.CreateDatabase();
        Saves(count, saves, measureMemory: n >= LargeSave);
        return 0;
    }

    /// <summary>From this N on, a save is measured once per round with its memory, after one round of warming up.</summary>
    private const int LargeSave = 10_000;

    private static string DefaultCount(int n)
        => n >= LargeSave ? "3" : n >= 100 ? "100" : "2000";

    private static void Saves(int count, SaveCase saves, bool measureMemory)
    {
        var warmup = measureMemory ? 1 : Math.Max(20, count / 10);
        var plain = new List<SaveMeasure>(count);
        var versioned = new List<SaveMeasure>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            var p = Measure(saves.LoadPlain, saves.SavePlain, saves.End, measureMemory);
            var v = Measure(saves.LoadVersioned, saves.SaveVersioned, saves.End, measureMemory);
            if (i >= warmup)
            {
                plain.Add(p);
                versioned.Add(v);
            }
        }

        Report("save", plain.ConvertAll(m => m.Milliseconds), versioned.ConvertAll(m => m.Milliseconds), "ms");
        if (measureMemory)
        {
            Report("allocated by the save", plain.ConvertAll(m => m.AllocatedMegabytes), versioned.ConvertAll(m => m.AllocatedMegabytes), "MB");
            Report("peak managed heap growth during the save", plain.ConvertAll(m => m.PeakHeapGrowthMegabytes), versioned.ConvertAll(m => m.PeakHeapGrowthMegabytes), "MB");
        }
    }

    private static SaveMeasure Measure(Action load, Action save, Action end, bool measureMemory)
    {
        load();
        if (!measureMemory)
        {
            var started = Stopwatch.GetTimestamp();
            save();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            end();
            return new SaveMeasure(elapsed, 0, 0);
        }

        // The heap is sampled every millisecond on another thread while the save runs: the largest heap it saw, less
        // the heap before the save (after a full collection), is what the save held at its peak.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var peak = heapBefore;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!done.Wait(1))
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            }
        });
        sampler.Start();
        var start = Stopwatch.GetTimestamp();
        save();
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        done.Set();
        sampler.Join();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        end();
        return new SaveMeasure(ms, allocated / 1048576.0, (peak - heapBefore) / 1048576.0);
    }

    private readonly record struct SaveMeasure(double Milliseconds, double AllocatedMegabytes, double PeakHeapGrowthMegabytes);

    /// <summary>One save benchmark's two sides: how each loads and edits its rows, saves them, and ends its unit of work.</summary>
    private sealed record SaveCase(
        Action CreateDatabase, Action LoadPlain, Action SavePlain, Action LoadVersioned, Action SaveVersioned, Action End)
    {
        public static SaveCase? Named(string? name, int n)
        {
            switch (name)
            {
                case "temporal":
                {
                    var b = new TemporalSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.LoadPlain, () => b.PlainEfCore(), b.LoadTemporal, () => b.TemporalHistory(), b.EndUnitOfWork);
                }

                case "temporal-complex":
                {
                    var b = new TemporalComplexSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.LoadPlain, () => b.PlainEfCore(), b.LoadTemporal, () => b.TemporalHistory(), b.EndUnitOfWork);
                }

                case "activity":
                {
                    var b = new ActivityLogSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.LoadPlain, () => b.PlainEfCore(), b.LoadLogged, () => b.ActivityLog(), b.EndUnitOfWork);
                }

                case "activity-insert":
                {
                    var b = new ActivityLogSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.AddPlain, () => b.PlainEfCore(), b.AddLogged, () => b.ActivityLog(), b.EndUnitOfWork);
                }

                case "audit":
                {
                    var b = new AuditTrailSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.LoadPlain, () => b.PlainEfCoreUpdate(), b.LoadAudited, () => b.AuditTrail(), b.EndUnitOfWork);
                }

                case "audit-activity":
                {
                    var b = new AuditTrailSaveBenchmarks { N = n, WithActivityLog = true };
                    return new(b.CreateDatabase, b.LoadPlain, () => b.PlainEfCoreUpdate(), b.LoadAudited, () => b.AuditTrail(), b.EndUnitOfWork);
                }

                case "events":
                {
                    var b = new ChangeEventsSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.LoadPlain, () => b.PlainEfCore(), b.LoadWithEvents, () => b.ChangeEvents(), b.EndUnitOfWork);
                }

                case "stamps":
                {
                    var b = new ChangeStampsSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.LoadPlain, () => b.PlainEfCore(), b.LoadStamped, () => b.ChangeStamps(), b.EndUnitOfWork);
                }

                case "softdelete":
                {
                    var b = new SoftDeleteSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.LoadPlain, () => b.PlainEfCoreDelete(), b.LoadSoft, () => b.SoftDelete(), b.EndUnitOfWork);
                }

                case "bulk-temporal":
                {
                    var b = new TemporalSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.OpenPlain, () => b.BulkUpdate(), b.OpenTemporal, () => b.BulkUpdate(), b.EndUnitOfWork);
                }

                case "bulk-temporal-vs-save":
                {
                    // "Plain" is the temporal table loaded, edited and saved through SaveChanges; "Versioning" the bulk statement.
                    var b = new TemporalSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.OpenTemporal, () => b.LoadEditAndSave(), b.OpenTemporal, () => b.BulkUpdate(), b.EndUnitOfWork);
                }

                case "capture":
                {
                    // A raw UPDATE of the plain table against the same UPDATE of a table whose triggers version it.
                    var b = new TemporalSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.OpenPlain, () => b.RawUpdate(), b.OpenCaptured, () => b.RawUpdate(), b.EndUnitOfWork);
                }

                case "bulk-audit":
                {
                    var b = new AuditTrailSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.OpenPlain, () => b.BulkUpdate(), b.OpenAudited, () => b.BulkUpdate(), b.EndUnitOfWork);
                }

                case "capture-activity":
                {
                    // A raw UPDATE of the plain table against the same UPDATE of a table whose triggers log it.
                    var b = new ActivityLogCaptureBenchmarks { N = n };
                    return new(b.CreateDatabase, b.OpenPlain, () => b.RawUpdate(), b.OpenCaptured, () => b.RawUpdate(), b.EndUnitOfWork);
                }

                case "bulk-activity":
                {
                    var b = new ActivityLogSaveBenchmarks { N = n };
                    return new(b.CreateDatabase, b.OpenPlain, () => b.BulkUpdate(), b.OpenLogged, () => b.BulkUpdate(), b.EndUnitOfWork);
                }

                default:
                    return null;
            }
        }
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
