using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// SaveChanges of N modified sales channels: plain EF Core against Versioning's change stamps (Target:
/// at most 1.1x), on two tables of identical shape in the same database and the same run.
/// </summary>
/// <remarks>
/// <para>
/// Fairness: both tables have the four stamp columns and the same rows. <see cref="PlainEfCore"/> (the baseline)
/// writes only the changed name, which is what an application without stamps pays.
/// <see cref="PlainEfCoreStampedByHand"/> is the same plain context with the application setting UpdatedAt/UpdatedBy
/// itself, so it sends the same UPDATE as <see cref="ChangeStamps"/>: the gap between those two is the cost of
/// the interceptor, the gap to the baseline the cost of the extra column. (The actor equals the seeded one, so
/// EF leaves updated_by out of both UPDATEs.)
/// </para>
/// <para>
/// Only SaveChanges is measured. Each iteration opens a new DI scope and context, loads N tracked rows and renames
/// them in <c>[IterationSetup]</c> (BenchmarkDotNet then runs one invocation per iteration), and disposes the
/// scope afterwards.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class ChangeStampsSaveBenchmarks
{
    private ServiceProvider? _services;
    private IServiceScope? _unitOfWork;
    private BenchContext? _context;
    private int _iteration;

    [Params(1, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void CreateDatabase()
    {
        _services = BenchServices.Build(BenchmarkDatabase.ConnectionString());
        BenchmarkDatabase.Recreate(_services, BenchmarkDatabase.SeededRows(N));
    }

    [GlobalCleanup]
    public void DisposeServices() => _services?.Dispose();

    [IterationSetup(Target = nameof(PlainEfCore))]
    public void LoadPlain() => LoadAndRename<PlainBenchContext>(stampByHand: false);

    [IterationSetup(Target = nameof(PlainEfCoreStampedByHand))]
    public void LoadPlainAndStampByHand() => LoadAndRename<PlainBenchContext>(stampByHand: true);

    [IterationSetup(Target = nameof(ChangeStamps))]
    public void LoadStamped() => LoadAndRename<StampedBenchContext>(stampByHand: false);

    [IterationCleanup]
    public void EndUnitOfWork()
    {
        _unitOfWork?.Dispose();
        _unitOfWork = null;
        _context = null;
    }

    [Benchmark(Baseline = true)]
    public int PlainEfCore() => _context!.SaveChanges();

    [Benchmark]
    public int PlainEfCoreStampedByHand() => _context!.SaveChanges();

    [Benchmark]
    public int ChangeStamps() => _context!.SaveChanges();

    private void LoadAndRename<TContext>(bool stampByHand)
        where TContext : BenchContext
    {
        _unitOfWork = _services!.CreateScope();
        _context = _unitOfWork.ServiceProvider.GetRequiredService<TContext>();
        var channels = _context.Channels.OrderBy(c => c.Id).Take(N).ToList();

        // A new name on every iteration, so every loaded row really is modified.
        _iteration++;
        var now = DateTime.UtcNow;
        foreach (var channel in channels)
        {
            channel.Name = $"channel {channel.Id} v{_iteration}";
            if (stampByHand)
            {
                channel.UpdatedAt = now;
                channel.UpdatedBy = BenchActor.Id;
            }
        }
    }
}
