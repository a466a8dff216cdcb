using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.Benchmarks;

/// <summary>
/// SaveChanges after <c>Remove()</c> of N tracked email addresses: plain EF Core's DELETE against Versioning's soft
/// delete (an UPDATE of is_deleted, deleted_at, deleted_by, deleted_reason), on tables of identical shape in the same
/// database and run. Target: at most 1.1x. <see cref="PlainEfCoreSoftDeleteByHand"/> is the plain context
/// with the application setting the four columns itself instead of removing: the same UPDATE as
/// <see cref="SoftDelete"/>, so the gap between those two is the cost of Versioning, the gap to the baseline the cost
/// of writing an UPDATE instead of a DELETE.
/// </summary>
/// <remarks>
/// Only SaveChanges is measured. Each iteration empties its table, inserts N fresh rows, loads them into a new
/// context and removes them in <c>[IterationSetup]</c>, so both sides start from the same rows every time.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class SoftDeleteSaveBenchmarks
{
    private ServiceProvider? _services;
    private IServiceScope? _unitOfWork;
    private DbContext? _context;

    [Params(1, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void CreateDatabase()
    {
        _services = SoftDeleteBenchDatabase.BuildServices();
        SoftDeleteBenchDatabase.Recreate(_services);
    }

    [GlobalCleanup]
    public void DisposeServices() => _services?.Dispose();

    [IterationSetup(Target = nameof(PlainEfCoreDelete))]
    public void LoadPlain() => LoadAndRemove<PlainEmailContext>(db => db.Emails, emails => emails.ExecuteDelete());

    [IterationSetup(Target = nameof(PlainEfCoreSoftDeleteByHand))]
    public void LoadPlainAndFlagByHand() => LoadAndRemove<PlainEmailContext>(db => db.Emails, emails => emails.ExecuteDelete(), byHand: true);

    [IterationSetup(Target = nameof(SoftDelete))]
    public void LoadSoft() => LoadAndRemove<SoftDeleteEmailContext>(db => db.Emails, emails => emails.IncludeDeleted().ExecuteHardDelete());

    [IterationCleanup]
    public void EndUnitOfWork()
    {
        _unitOfWork?.Dispose();
        _unitOfWork = null;
        _context = null;
    }

    [Benchmark(Baseline = true)]
    public int PlainEfCoreDelete() => _context!.SaveChanges();

    [Benchmark]
    public int PlainEfCoreSoftDeleteByHand() => _context!.SaveChanges();

    [Benchmark]
    public int SoftDelete() => _context!.SaveChanges();

    private void LoadAndRemove<TContext>(
        Func<TContext, DbSet<BenchEmail>> emails, Action<IQueryable<BenchEmail>> empty, bool byHand = false)
        where TContext : DbContext
    {
        using (var seeding = _services!.CreateScope())
        {
            var db = seeding.ServiceProvider.GetRequiredService<TContext>();
            empty(emails(db));
            emails(db).AddRange(SoftDeleteBenchDatabase.NewEmails(N, tenthDeleted: false));
            db.SaveChanges();
        }

        _unitOfWork = _services!.CreateScope();
        var context = _unitOfWork.ServiceProvider.GetRequiredService<TContext>();
        var loaded = emails(context).ToList();
        if (byHand)
        {
            var now = DateTime.UtcNow;
            foreach (var email in loaded)
            {
                (email.IsDeleted, email.DeletedAt, email.DeletedBy, email.DeletedReason) = (true, now, BenchActor.Id, "by hand");
            }
        }
        else
        {
            emails(context).RemoveRange(loaded);
        }

        _context = context;
    }
}
