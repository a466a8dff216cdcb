using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;
using static Versioning.EntityFrameworkCore.FunctionalTests.Pipeline.SaveAcceptanceSpec;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Pipeline;

/// <summary>
/// The production matrix: every strategy's core scenario (insert and update notes of every kind, delete the
/// soft-deletable ones) under each way an application registers its context × {no transaction, the application's
/// transaction, an execution strategy that retries a failed attempt}, with two DI scopes of different actors saving at
/// once. Nothing is lost, duplicated or attributed to the wrong actor. Written once, run on every provider.
/// </summary>
public abstract class ProductionMatrixSpec(TestStore store)
{
    private const int Rows = 10;

    public enum Setup
    {
        AddDbContext,
        AddDbContextPool,
        AddDbContextFactory,
        AddPooledDbContextFactory,
    }

    public enum Transaction
    {
        None,
        Application,
        ExecutionStrategy,
    }

    public static TheoryData<Setup, Transaction> Matrix
    {
        get
        {
            var data = new TheoryData<Setup, Transaction>();
            foreach (var setup in Enum.GetValues<Setup>())
            {
                foreach (var transaction in Enum.GetValues<Transaction>())
                {
                    data.Add(setup, transaction);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_strategy_writes_everything_once_under_the_saving_scopes_actor(Setup setup, Transaction transaction)
    {
        var failure = new FailFirstAttempt();
        await using var services = Build(setup, transaction, failure);
        var alice = await SeedAsync(services, setup);
        var bob = await SeedAsync(services, setup);

        failure.Armed = transaction == Transaction.ExecutionStrategy;
        var work = new[] { SaveAsync(services, setup, transaction, alice, "alice"), SaveAsync(services, setup, transaction, bob, "bob") };
        if (store.SupportsConcurrentWrites)
        {
            await Task.WhenAll(work.Select(w => w()));
        }
        else
        {
            foreach (var w in work)
            {
                await w();
            }
        }

        failure.Failed.Should().Be(transaction == Transaction.ExecutionStrategy, "the retried attempt must have failed once");
        await AssertSavedByAsync(services, setup, alice, "alice");
        await AssertSavedByAsync(services, setup, bob, "bob");
    }

    [Theory]
    [InlineData(Setup.AddDbContextFactory)]
    [InlineData(Setup.AddPooledDbContextFactory)]
    public async Task A_factory_context_not_bound_to_the_callers_scope_is_refused_at_its_first_save(Setup setup)
    {
        await using var services = Build(setup, Transaction.None, new FailFirstAttempt());
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestActor>().ActorId = "alice";
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<NotesDb>>().CreateDbContextAsync();
        await store.EnsureTablesAsync(db);
        db.Add(new StampedNote { Name = "unbound" });

        var save = () => db.SaveChangesAsync();

        (await save.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("*'NotesDb' was created outside any DI scope*UseVersioningServices(scope.ServiceProvider)*");
    }

    private ServiceProvider Build(Setup setup, Transaction transaction, FailFirstAttempt failure)
    {
        void Options(DbContextOptionsBuilder options)
        {
            store.UseProvider(options);
            if (transaction == Transaction.ExecutionStrategy)
            {
                options.ReplaceService<IExecutionStrategyFactory, RetryingStrategyFactory>().AddInterceptors(failure);
            }
        }

        var services = new ServiceCollection();
        _ = setup switch
        {
            Setup.AddDbContext => services.AddDbContext<NotesDb>(Options),
            Setup.AddDbContextPool => services.AddDbContextPool<NotesDb>(Options),
            Setup.AddDbContextFactory => services.AddDbContextFactory<NotesDb>(Options),
            _ => services.AddPooledDbContextFactory<NotesDb>(Options),
        };

        // After the context: AddVersioning binds pooled leases to their scope.
        return services
            .AddScoped<TestActor>()
            .AddVersioning(v => v.UseActorAccessor(sp => sp.GetRequiredService<TestActor>())
                .UseTenantAccessor(sp => new TestTenant(sp.GetRequiredService<TestActor>()))
                .UseTimeProvider(new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))))
            .BuildServiceProvider(validateScopes: true);
    }

    /// <summary>The context of the scope, as the application gets it in each setup (factories' contexts bound to the scope).</summary>
    private async Task<(NotesDb Db, bool Owned)> OpenAsync(IServiceProvider scoped, Setup setup)
    {
        var (db, owned) = setup is Setup.AddDbContext or Setup.AddDbContextPool
            ? (scoped.GetRequiredService<NotesDb>(), false)
            : ((await scoped.GetRequiredService<IDbContextFactory<NotesDb>>().CreateDbContextAsync()).UseVersioningServices(scoped), true);
        await store.EnsureTablesAsync(db);
        return (db, owned);
    }

    private async Task<string> SeedAsync(ServiceProvider services, Setup setup)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestActor>().ActorId = "seed";
        var (db, owned) = await OpenAsync(scope.ServiceProvider, setup);
        AddNotes(db, tag, "old");
        await db.SaveChangesAsync();
        if (owned)
        {
            await db.DisposeAsync();
        }

        return tag;
    }

    private Func<Task> SaveAsync(ServiceProvider services, Setup setup, Transaction transaction, string tag, string actor) => async () =>
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestActor>().ActorId = actor;
        var (db, owned) = await OpenAsync(scope.ServiceProvider, setup);
        try
        {
            var prefix = tag + "-old";
            foreach (var note in await db.TemporalNotes.Where(n => n.Name.StartsWith(prefix)).ToListAsync())
            {
                note.Name = note.Name.Replace("-old", "-changed", StringComparison.Ordinal);
            }

            foreach (var note in await db.AuditNotes.Where(n => n.Name.StartsWith(prefix)).ToListAsync())
            {
                note.Name = note.Name.Replace("-old", "-changed", StringComparison.Ordinal);
            }

            foreach (var note in await db.LoggedNotes.Where(n => n.Name.StartsWith(prefix)).ToListAsync())
            {
                note.Name = note.Name.Replace("-old", "-changed", StringComparison.Ordinal);
            }

            foreach (var note in await db.StampedNotes.Where(n => n.Name.StartsWith(prefix)).ToListAsync())
            {
                note.Name = note.Name.Replace("-old", "-changed", StringComparison.Ordinal);
            }

            foreach (var note in await db.ReplacedNotes.Where(n => n.Name.StartsWith(prefix)).ToListAsync())
            {
                note.Name = note.Name.Replace("-old", "-changed", StringComparison.Ordinal);
            }

            foreach (var note in await db.EventNotes.Where(n => n.Name.StartsWith(prefix)).ToListAsync())
            {
                note.Name = note.Name.Replace("-old", "-changed", StringComparison.Ordinal);
            }

            db.RemoveRange(await db.SoftNotes.Where(n => n.Name.StartsWith(prefix)).ToListAsync());
            AddNotes(db, tag, "new");

            if (transaction == Transaction.Application)
            {
                await using var applicationTransaction = await db.Database.BeginTransactionAsync();
                await db.SaveChangesAsync();
                await applicationTransaction.CommitAsync();
            }
            else
            {
                await db.SaveChangesAsync();
            }
        }
        finally
        {
            if (owned)
            {
                await db.DisposeAsync();
            }
        }
    };

    private static void AddNotes(NotesDb db, string tag, string kind)
    {
        for (var i = 0; i < Rows; i++)
        {
            var name = $"{tag}-{kind}-{i}";
            db.AddRange(
                new TemporalNote { Name = name },
                new AuditNote { Name = name },
                new LoggedNote { Name = name },
                new StampedNote { Name = name },
                new ReplacedNote { Name = name },
                new SoftNote { Name = name },
                new EventNote { Name = name });
        }
    }

    private async Task AssertSavedByAsync(ServiceProvider services, Setup setup, string tag, string actor)
    {
        await using var scope = services.CreateAsyncScope();
        var (db, owned) = await OpenAsync(scope.ServiceProvider, setup);
        try
        {
            var prefix = tag + "-";
            (await db.TemporalNotes.TemporalAll().CountAsync(n => n.Name.StartsWith(prefix))).Should().Be(3 * Rows, "old, changed and new versions, once");
            (await db.TemporalNotes.CountAsync(n => n.Name.StartsWith(prefix) && !n.Name.Contains("-old-"))).Should().Be(2 * Rows);

            var revisions = await db.AuditNotes.IgnoreQueryFilters().Where(n => n.Name.StartsWith(prefix))
                .Select(n => new { n.Name, IsCurrent = EF.Property<bool>(n, "IsCurrent"), ModifiedBy = EF.Property<string>(n, "ModifiedBy") })
                .ToListAsync();
            revisions.Should().HaveCount(3 * Rows);
            revisions.Where(r => r.IsCurrent).Should().HaveCount(2 * Rows).And.OnlyContain(r => r.ModifiedBy == actor && !r.Name.Contains("-old-"));
            var families = await db.AuditNotes.IgnoreQueryFilters().Where(n => n.Name.StartsWith(prefix + "old-")).Select(n => n.Id.ToString()).ToListAsync();
            var auditLog = await db.ActivityLog().Where(a => a.EntityType == nameof(AuditNote) && a.ActorId == actor).ToListAsync();
            auditLog.Where(a => a.Action == "UPDATE" && a.NewValue!.StartsWith(prefix)).Select(a => (a.EntityId, a.Details)).Should()
                .BeEquivalentTo(families.Select(f => (f, (string?)"revision 2")), "one row per new revision, under its family, by the saving scope's actor");

            var newIds = await db.LoggedNotes.Where(n => n.Name.StartsWith(prefix + "new-")).Select(n => n.Id.ToString()).ToListAsync();
            var log = await db.ActivityLog().Where(a => a.EntityType == nameof(LoggedNote) && a.ActorId == actor).ToListAsync();
            log.Where(a => a.Action == "UPDATE" && a.NewValue!.StartsWith(prefix)).Should().HaveCount(Rows, "one row per update, by the saving scope's actor");
            log.Where(a => a.Action == "CREATE" && newIds.Contains(a.EntityId)).Should().HaveCount(Rows, "one row per insert, with its generated key");
            log.Should().OnlyContain(a => a.TenantId == "tenant-" + actor, "the tenant of the saving scope, like its actor");

            var eventNotes = await db.EventNotes.Where(n => n.Name.StartsWith(prefix))
                .Select(n => new { Id = n.Id.ToString(), n.Name, Version = EF.Property<long>(n, "StreamVersion") }).ToListAsync();
            eventNotes.Should().HaveCount(2 * Rows);
            eventNotes.Where(n => n.Name.Contains("-changed-")).Should().HaveCount(Rows).And.OnlyContain(n => n.Version == 2);
            var eventIds = eventNotes.Select(n => n.Id).ToList();
            var events = await db.ChangeEvents().Where(e => e.StreamType == nameof(EventNote) && eventIds.Contains(e.StreamId)).ToListAsync();
            events.Should().HaveCount(3 * Rows, "the old notes' creation and change, the new notes' creation, each once")
                .And.OnlyHaveUniqueItems(e => e.StreamId + "/" + e.StreamVersion);
            events.Where(e => e.ActorId == actor).Should().HaveCount(2 * Rows)
                .And.OnlyContain(e => e.TenantId == "tenant-" + actor, "the tenant of the saving scope, like its actor");

            (await db.StampedNotes.CountAsync(n => n.Name.StartsWith(prefix) && !n.Name.Contains("-old-") && EF.Property<string>(n, "UpdatedBy") == actor))
                .Should().Be(2 * Rows);

            var replaced = await db.ReplacedNotes.IgnoreQueryFilters().Where(n => n.Name.StartsWith(prefix))
                .Select(n => new { n.Name, IsDeleted = EF.Property<bool>(n, "IsDeleted"), DeletedBy = EF.Property<string>(n, "DeletedBy") })
                .ToListAsync();
            replaced.Should().HaveCount(3 * Rows);
            replaced.Where(r => r.IsDeleted).Should().HaveCount(Rows).And.OnlyContain(r => r.DeletedBy == actor && r.Name.Contains("-old-"));
            var records = await db.ReplacedNotes.IgnoreQueryFilters().Where(n => n.Name.StartsWith(prefix))
                .Select(n => new { Id = n.Id.ToString(), n.Name }).ToListAsync();
            var replacedLog = await db.ActivityLog().Where(a => a.EntityType == nameof(ReplacedNote) && a.Action == "UPDATE" && a.ActorId == actor).ToListAsync();
            replacedLog.Where(a => a.NewValue!.StartsWith(prefix)).Select(a => (a.EntityId, a.Details)).Should().BeEquivalentTo(
                records.Where(r => r.Name.Contains("-old-")).Select(r => (r.Id, (string?)("replaced by key " + records.Single(n => n.Name == r.Name.Replace("-old-", "-changed-")).Id))),
                "one row per replacement, under the replaced record, naming its successor");

            (await db.SoftNotes.IgnoreQueryFilters().CountAsync(n => n.Name.StartsWith(prefix + "old-") && EF.Property<string>(n, "DeletedBy") == actor))
                .Should().Be(Rows);
            (await db.SoftNotes.CountAsync(n => n.Name.StartsWith(prefix))).Should().Be(Rows, "the new ones");
        }
        finally
        {
            if (owned)
            {
                await db.DisposeAsync();
            }
        }
    }
}

public sealed class ProductionMatrixSqliteTest(SqliteTestStore store) : ProductionMatrixSpec(store), IClassFixture<SqliteTestStore>;

public sealed class ProductionMatrixPostgreSqlTest(PostgresTestStore store) : ProductionMatrixSpec(store), IClassFixture<PostgresTestStore>;
