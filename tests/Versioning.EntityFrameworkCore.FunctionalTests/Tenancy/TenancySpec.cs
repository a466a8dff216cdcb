using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;
using Versioning.EntityFrameworkCore.Query;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Tenancy;

/// <summary>
/// Tenancy (issue 18, seed PromptCraft's strict tenant isolation), written once and run on every provider. The tenant
/// follows the scope's actor (<see cref="TestTenant"/>: alice works for tenant-alice); every test writes rows of its own
/// names and asserts what it reads back from the database.
/// </summary>
public abstract class TenancySpec(TestStore store) : IAsyncLifetime
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private readonly List<AsyncServiceScope> _scopes = [];
    private ServiceProvider _services = null!;

    protected TestStore Store { get; } = store;

    public Task InitializeAsync()
    {
        _services = ActorServices.Build(services => services.AddDbContext<TenancyDb>(o => Store.UseProvider(o)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }

        await _services.DisposeAsync();
    }

    private string Name(string name) => _tag + "-" + name;

    /// <summary>A context in a DI scope of its own whose actor (and so tenant) is <paramref name="actor"/>.</summary>
    private async Task<TenancyDb> OpenAsync(string? actor)
    {
        var scope = _services.CreateScope(actor);
        _scopes.Add(scope);
        var db = scope.ServiceProvider.GetRequiredService<TenancyDb>();
        await Store.EnsureTablesAsync(db);
        return db;
    }

    /// <summary>What the database holds for the test's rows of a table, tenant by name, read past every filter.</summary>
    private async Task<Dictionary<string, string?>> TenantsAsync<TEntity>(Func<TEntity, string> name)
        where TEntity : class
    {
        await using var db = await OpenAsync(null);
        var rows = await db.Set<TEntity>().IgnoreQueryFilters().Select(e => new { Entity = e, Tenant = EF.Property<string?>(e, "TenantId") }).ToListAsync();
        return rows.Where(r => name(r.Entity).StartsWith(_tag, StringComparison.Ordinal)).ToDictionary(r => name(r.Entity), r => r.Tenant);
    }

    private Task SeedAsync(string actor, params string[] names)
        => SaveAsAsync(actor, [.. names.Select(name => new Workspace { Name = Name(name) })]);

    /// <summary>Inserts <paramref name="entities"/> in a context of <paramref name="actor"/>'s tenant.</summary>
    private async Task SaveAsAsync(string actor, params object[] entities)
    {
        await using var db = await OpenAsync(actor);
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task An_insert_is_stamped_with_the_tenant_of_the_accessor_in_a_clr_and_a_shadow_property()
    {
        await using (var db = await OpenAsync("alice"))
        {
            db.Add(new Workspace { Name = Name("w") });
            db.Add(new Prompt { Name = Name("p") });
            await db.SaveChangesAsync();
        }

        (await TenantsAsync<Workspace>(w => w.Name)).Should().Equal(new Dictionary<string, string?> { [Name("w")] = "tenant-alice" });
        (await TenantsAsync<Prompt>(p => p.Name)).Should().Equal(new Dictionary<string, string?> { [Name("p")] = "tenant-alice" });
    }

    [Fact]
    public async Task A_tenant_scope_wins_over_the_accessor_for_the_stamp_the_query_filter_and_the_activity_log()
    {
        await using var db = await OpenAsync("alice");
        using (db.BeginTenantScope("acme"))
        {
            db.CurrentTenantId().Should().Be("acme");
            db.Add(new Prompt { Name = Name("scoped") });
            await db.SaveChangesAsync();
            (await db.Prompts.CountAsync(p => p.Name == Name("scoped"))).Should().Be(1, "acme's own row");
            var log = await db.ActivityLog().Where(a => a.EntityType == nameof(Prompt) && a.Action == "CREATE").ToListAsync();
            log.Should().ContainSingle(a => a.TenantId == "acme", "the save's tenant is the scope's, for every reader of the change set");
        }

        db.CurrentTenantId().Should().Be("tenant-alice", "the accessor again once the scope is closed");
        (await db.Prompts.CountAsync(p => p.Name == Name("scoped"))).Should().Be(0, "acme's row, invisible to alice's tenant");
        (await db.ActivityLog().CountAsync(a => a.TenantId == "acme")).Should().Be(0, "acme's activity, invisible to alice's tenant");
        (await TenantsAsync<Prompt>(p => p.Name)).Should().Equal(new Dictionary<string, string?> { [Name("scoped")] = "acme" });
    }

    [Fact]
    public async Task Two_contexts_of_different_tenants_see_only_their_own_rows_through_one_cached_query()
    {
        await SeedAsync("alice", "a1", "a2");
        await SeedAsync("bob", "b1");
        var prefix = _tag;

        // A query cache of the test's own: other test classes running meanwhile compile queries into a shared one.
        using var cache = new MemoryCache(new MemoryCacheOptions());
        await using var services = ActorServices.Build(s => s.AddDbContext<TenancyDb>(o => Store.UseProvider(o).UseMemoryCache(cache)));
        await using var aliceScope = services.CreateScope("alice");
        await using var bobScope = services.CreateScope("bob");
        var alice = aliceScope.ServiceProvider.GetRequiredService<TenancyDb>();
        var bob = bobScope.ServiceProvider.GetRequiredService<TenancyDb>();
        var aliceNames = await alice.Workspaces.Where(w => w.Name.StartsWith(prefix)).Select(w => w.Name).ToListAsync();
        alice.GetService<IMemoryCache>().Should().BeSameAs(cache);
        var cachedQueries = cache.Count;
        var bobNames = await bob.Workspaces.Where(w => w.Name.StartsWith(prefix)).Select(w => w.Name).ToListAsync();

        aliceNames.Should().BeEquivalentTo([Name("a1"), Name("a2")]);
        bobNames.Should().BeEquivalentTo([Name("b1")]);
        cache.Count.Should().Be(cachedQueries, "the tenant is a parameter of one compiled query, not a constant of two");
    }

    [Fact]
    public async Task A_pooled_context_leased_by_another_tenant_sees_only_that_tenants_rows_and_no_bypass_of_the_last_lease()
    {
        await SeedAsync("alice", "a1");
        await SeedAsync("bob", "b1");
        var prefix = _tag;
        await using var services = ActorServices.Build(s => s.AddDbContextPool<TenancyDb>(o => Store.UseProvider(o), poolSize: 1));

        TenancyDb first;
        await using (var scope = services.CreateScope("alice"))
        {
            first = scope.ServiceProvider.GetRequiredService<TenancyDb>();
            (await first.Workspaces.Where(w => w.Name.StartsWith(prefix)).Select(w => w.Name).ToListAsync()).Should().Equal(Name("a1"));
            first.BeginTenantBypass("left open on purpose: the pool must end it");
            (await first.Workspaces.CountAsync(w => w.Name.StartsWith(prefix))).Should().Be(2);
        }

        await using (var scope = services.CreateScope("bob"))
        {
            var second = scope.ServiceProvider.GetRequiredService<TenancyDb>();
            second.Should().BeSameAs(first, "the pool hands the same instance to the next lease");
            (await second.Workspaces.Where(w => w.Name.StartsWith(prefix)).Select(w => w.Name).ToListAsync()).Should().Equal(Name("b1"));
        }
    }

    [Fact]
    public async Task With_no_tenant_known_a_query_and_an_insert_are_refused()
    {
        await using var db = await OpenAsync(null);

        var query = () => db.Workspaces.ToListAsync();
        (await query.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*'TenancyDb' reads a multi-tenant entity type, and no tenant is known*");

        db.Add(new Workspace { Name = Name("orphan") });
        var save = () => db.SaveChangesAsync();
        (await save.Should().ThrowAsync<InvalidOperationException>()).WithMessage("Cannot insert 'Workspace': it is multi-tenant and no tenant is known*");
        db.ChangeTracker.Clear();
        (await TenantsAsync<Workspace>(w => w.Name)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_insert_for_another_tenant_is_refused_and_one_for_the_own_tenant_is_kept()
    {
        await using var db = await OpenAsync("alice");
        db.Add(new Workspace { Name = Name("own"), TenantId = "tenant-alice" });
        await db.SaveChangesAsync();

        db.Add(new Workspace { Name = Name("other"), TenantId = "tenant-bob" });
        var save = () => db.SaveChangesAsync();

        (await save.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("Cannot insert 'Workspace' with TenantId 'tenant-bob': the current tenant is 'tenant-alice'*");
        (await TenantsAsync<Workspace>(w => w.Name)).Should().Equal(new Dictionary<string, string?> { [Name("own")] = "tenant-alice" });
    }

    [Fact]
    public async Task Updating_or_deleting_another_tenants_row_or_moving_a_row_to_another_tenant_is_refused()
    {
        await SeedAsync("bob", "b1");
        await SeedAsync("alice", "a1");
        await using var db = await OpenAsync("alice");
        var bobs = await db.Workspaces.IgnoreQueryFilters([VersioningQueryFilters.Tenancy]).SingleAsync(w => w.Name == Name("b1"));
        var own = await db.Workspaces.SingleAsync(w => w.Name == Name("a1"));

        bobs.Name = Name("b1-changed");
        var update = () => db.SaveChangesAsync();
        (await update.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("Cannot update 'Workspace' of tenant 'tenant-bob': the current tenant is 'tenant-alice'*");

        db.Entry(bobs).State = EntityState.Deleted;
        var delete = () => db.SaveChangesAsync();
        (await delete.Should().ThrowAsync<InvalidOperationException>()).WithMessage("Cannot delete 'Workspace' of tenant 'tenant-bob'*");
        db.Entry(bobs).State = EntityState.Detached;

        own.TenantId = "tenant-bob";
        var move = () => db.SaveChangesAsync();
        (await move.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("Cannot change the TenantId of 'Workspace' from 'tenant-alice' to 'tenant-bob'*");

        (await TenantsAsync<Workspace>(w => w.Name)).Should().Equal(
            new Dictionary<string, string?> { [Name("b1")] = "tenant-bob", [Name("a1")] = "tenant-alice" });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task Attached_entities_claiming_the_own_tenant_for_another_tenants_keys_change_no_row(int rows)
    {
        var names = Enumerable.Range(0, rows).Select(i => "b" + i).ToArray();
        await SeedAsync("bob", names);
        List<int> bobsIds;
        await using (var bob = await OpenAsync("bob"))
        {
            var prefix = _tag;
            bobsIds = await bob.Workspaces.Where(w => w.Name.StartsWith(prefix)).Select(w => w.Id).ToListAsync();
        }

        await using var db = await OpenAsync("alice");
        db.UpdateRange(bobsIds.Select(id => new Workspace { Id = id, Name = Name("hijacked"), TenantId = "tenant-alice" }));
        var save = () => db.SaveChangesAsync();

        // TenantId is a concurrency token: the rows of those keys and alice's tenant do not exist (10 rows: one set-based
        // update on PostgreSQL, which checks concurrency tokens too).
        await save.Should().ThrowAsync<DbUpdateConcurrencyException>();
        (await TenantsAsync<Workspace>(w => w.Name)).Should().HaveCount(rows).And.OnlyContain(t => t.Value == "tenant-bob" && !t.Key.Contains("hijacked"));
    }

    [Fact]
    public async Task Bulk_statements_change_only_the_current_tenants_rows_even_under_IgnoreQueryFilters()
    {
        await SeedAsync("alice", "a1", "a2");
        await SeedAsync("bob", "b1", "b2");
        var prefix = _tag;
        await using var db = await OpenAsync("alice");

        (await db.Workspaces.Where(w => w.Name.StartsWith(prefix))
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Name, w => w.Name + "-filtered"))).Should().Be(2);
        (await db.Workspaces.IgnoreQueryFilters().Where(w => w.Name.StartsWith(prefix))
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Name, w => w.Name + "-ignored"))).Should().Be(2);
        (await db.Workspaces.IgnoreQueryFilters([VersioningQueryFilters.Tenancy]).Where(w => w.Name == Name("a2-filtered-ignored"))
            .ExecuteDeleteAsync()).Should().Be(1);
        (await db.Workspaces.IgnoreQueryFilters().Where(w => w.Name.StartsWith(prefix + "-b")).ExecuteDeleteAsync()).Should().Be(0);

        (await TenantsAsync<Workspace>(w => w.Name)).Should().Equal(new Dictionary<string, string?>
        {
            [Name("a1-filtered-ignored")] = "tenant-alice",
            [Name("b1")] = "tenant-bob",
            [Name("b2")] = "tenant-bob",
        });
    }

    [Fact]
    public async Task A_bulk_update_setting_TenantId_and_one_ignoring_filters_without_a_tenant_are_refused()
    {
        await SeedAsync("alice", "a1");
        var prefix = _tag;
        await using (var db = await OpenAsync("alice"))
        {
            var move = () => db.Workspaces.Where(w => w.Name.StartsWith(prefix)).ExecuteUpdateAsync(s => s.SetProperty(w => w.TenantId, "tenant-bob"));
            (await move.Should().ThrowAsync<InvalidOperationException>()).WithMessage("ExecuteUpdate sets 'Workspace.TenantId', but rows do not move between tenants*");
        }

        await using (var db = await OpenAsync(null))
        {
            var delete = () => db.Workspaces.IgnoreQueryFilters().Where(w => w.Name.StartsWith(prefix)).ExecuteDeleteAsync();
            (await delete.Should().ThrowAsync<InvalidOperationException>())
                .WithMessage("ExecuteDelete on 'Workspace' ignores query filters, and no tenant is known to restrict it to*");
        }

        (await TenantsAsync<Workspace>(w => w.Name)).Should().Equal(new Dictionary<string, string?> { [Name("a1")] = "tenant-alice" });
    }

    [Fact]
    public async Task A_soft_delete_by_ExecuteDelete_under_IgnoreQueryFilters_flags_only_the_current_tenants_rows()
    {
        await SaveAsAsync("bob", new Ticket { Name = Name("b") });

        await using var db = await OpenAsync("alice");
        db.Add(new Ticket { Name = Name("a") });
        await db.SaveChangesAsync();
        var prefix = _tag;

        (await db.Tickets.IgnoreQueryFilters().Where(t => t.Name.StartsWith(prefix)).ExecuteDeleteAsync()).Should().Be(1);

        await using var admin = await OpenAsync(null);
        using var bypass = admin.BeginTenantBypass("test: read every tenant's tickets");
        (await admin.Tickets.IgnoreQueryFilters([VersioningQueryFilters.SoftDelete]).Where(t => t.Name.StartsWith(prefix))
            .Select(t => new { t.Name, Deleted = EF.Property<bool>(t, "IsDeleted") }).ToListAsync())
            .Should().BeEquivalentTo([new { Name = Name("a"), Deleted = true }, new { Name = Name("b"), Deleted = false }]);
    }

    [Fact]
    public async Task The_activity_log_and_the_outbox_show_a_tenant_only_its_own_rows_and_a_bypass_every_tenants()
    {
        await SaveAsAsync("bob", new Prompt { Name = Name("bobs") }, new Invoice { Name = Name("bobs") });
        await SaveAsAsync("alice", new Prompt { Name = Name("alices") }, new Invoice { Name = Name("alices") });
        await using var db = await OpenAsync("alice");

        (await db.ActivityLog().Select(a => a.TenantId).Distinct().ToListAsync()).Should().Equal(["tenant-alice"], "bob's activity is bob's tenant's");
        (await db.ChangeEvents().Select(e => e.TenantId).Distinct().ToListAsync()).Should().Equal(["tenant-alice"], "bob's events are bob's tenant's");
        (await db.GetChangeEventCountsAsync()).Pending.Should().Be(await db.ChangeEvents().CountAsync(e => e.Status == ChangeEventStatus.Pending));
        using (db.BeginTenantBypass("audit of every tenant"))
        {
            (await db.ActivityLog().Select(a => a.TenantId).Distinct().ToListAsync()).Should().Contain(["tenant-alice", "tenant-bob"]);
            (await db.ChangeEvents().Select(e => e.TenantId).Distinct().ToListAsync()).Should().Contain(["tenant-alice", "tenant-bob"]);
        }

        await using var nobody = await OpenAsync(null);
        (await nobody.ActivityLog().AnyAsync(a => a.TenantId != null)).Should().BeFalse("a context with no tenant reads the rows of none");
        (await nobody.ChangeEvents().AnyAsync(e => e.TenantId != null)).Should().BeFalse("a context with no tenant reads the rows of none");
    }

    [Fact]
    public async Task A_change_made_under_a_bypass_is_logged_and_evented_for_the_tenant_of_the_row_it_changed()
    {
        await SaveAsAsync("bob", new Prompt { Name = Name("bobs") }, new Invoice { Name = Name("bobs") });
        int promptId, invoiceId;
        await using (var admin = await OpenAsync("alice"))
        using (admin.BeginTenantBypass("support ticket 7: fix bob's names"))
        {
            var prompt = await admin.Prompts.SingleAsync(p => p.Name == Name("bobs"));
            var invoice = await admin.Invoices.SingleAsync(i => i.Name == Name("bobs"));
            (prompt.Name, invoice.Name) = (Name("bobs-fixed"), Name("bobs-fixed"));
            admin.LogActivity(prompt, "REVIEWED");
            await admin.SaveChangesAsync();
            (promptId, invoiceId) = (prompt.Id, invoice.Id);
        }

        await using var bob = await OpenAsync("bob");
        (await bob.ActivityLog().For<Prompt>(promptId).Where(a => a.Action != "CREATE").Select(a => a.Action + ":" + a.TenantId).ToListAsync())
            .Should().BeEquivalentTo(["UPDATE:tenant-bob", "REVIEWED:tenant-bob"], "the rows record bob's row's changes, whoever made them");
        (await bob.ChangeEvents().Where(e => e.StreamType == nameof(Invoice) && e.StreamId == invoiceId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(e => e.Kind + ":" + e.TenantId).ToListAsync()).Should().Equal("Created:tenant-bob", "Updated:tenant-bob");

        await using var alice = await OpenAsync("alice");
        (await alice.ActivityLog().For<Prompt>(promptId).CountAsync()).Should().Be(0, "bob's row's history is not alice's tenant's");
        (await alice.ChangeEvents().CountAsync(e => e.StreamType == nameof(Invoice) && e.StreamId == invoiceId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Should().Be(0);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_set_based_save_under_a_bypass_logs_and_events_each_row_for_its_own_tenant(int rows)
    {
        var tags = Enumerable.Range(0, rows).Select(i => Name("many-" + i)).ToList();
        await SaveAsAsync("bob", [.. tags.Take(rows / 2).SelectMany(t => new object[] { new Prompt { Name = t }, new Invoice { Name = t } })]);
        await SaveAsAsync("carol", [.. tags.Skip(rows / 2).SelectMany(t => new object[] { new Prompt { Name = t }, new Invoice { Name = t } })]);
        var prefix = Name("many-");
        await using (var admin = await OpenAsync("alice"))
        using (admin.BeginTenantBypass("bulk rename across tenants"))
        {
            foreach (var prompt in await admin.Prompts.Where(p => p.Name.StartsWith(prefix)).ToListAsync())
            {
                prompt.Name += "!";
            }

            foreach (var invoice in await admin.Invoices.Where(i => i.Name.StartsWith(prefix)).ToListAsync())
            {
                invoice.Name += "!";
            }

            await admin.SaveChangesAsync();
        }

        await using var check = await OpenAsync("alice");
        using (check.BeginTenantBypass("reading every tenant"))
        {
            var prompts = await check.Prompts.Where(p => p.Name.StartsWith(prefix)).Select(p => new { Id = p.Id.ToString(), Tenant = EF.Property<string>(p, "TenantId") }).ToListAsync();
            var tenantOf = prompts.ToDictionary(p => p.Id, p => p.Tenant);
            var updates = await check.ActivityLog().Where(a => a.EntityType == nameof(Prompt) && a.Action == "UPDATE" && tenantOf.Keys.Contains(a.EntityId))
                .Select(a => new { a.EntityId, a.TenantId }).ToListAsync();
            updates.Should().HaveCount(rows).And.OnlyContain(a => a.TenantId == tenantOf[a.EntityId]);

            var invoices = await check.Invoices.Where(i => i.Name.StartsWith(prefix)).Select(i => new { Id = i.Id.ToString(), Tenant = EF.Property<string>(i, "TenantId") }).ToListAsync();
            var invoiceTenant = invoices.ToDictionary(i => i.Id, i => i.Tenant);
            var events = await check.ChangeEvents().Where(e => e.StreamType == nameof(Invoice) && e.Kind == "Updated" && invoiceTenant.Keys.Contains(e.StreamId))
                .Select(e => new { e.StreamId, e.TenantId }).ToListAsync();
            events.Should().HaveCount(rows).And.OnlyContain(e => e.TenantId == invoiceTenant[e.StreamId]);
            invoiceTenant.Values.Distinct().Should().BeEquivalentTo(["tenant-bob", "tenant-carol"]);
        }
    }

    [Fact]
    public async Task Purging_the_activity_log_deletes_every_tenants_expired_rows_from_a_context_with_no_tenant()
    {
        var expired = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var admin = await OpenAsync("alice"))
        using (admin.BeginTenantBypass("seeding expired activity"))
        {
            admin.AddRange(
                new ActivityLogEntry { Id = Guid.NewGuid(), Timestamp = expired, Action = "OLD", EntityType = _tag, EntityId = "1", TenantId = "tenant-alice" },
                new ActivityLogEntry { Id = Guid.NewGuid(), Timestamp = expired, Action = "OLD", EntityType = _tag, EntityId = "2", TenantId = "tenant-bob" });
            await admin.SaveChangesAsync();
        }

        await using var nobody = await OpenAsync(null);
        (await nobody.PurgeActivityLogAsync()).Should().BeGreaterThanOrEqualTo(2, "retention is the model's, not a tenant's");

        await using var check = await OpenAsync("alice");
        using (check.BeginTenantBypass("reading every tenant"))
        {
            (await check.ActivityLog().CountAsync(a => a.EntityType == _tag)).Should().Be(0);
        }
    }

    [Fact]
    public async Task A_tenant_bypass_lifts_the_filter_and_the_refusals_until_it_is_disposed()
    {
        await SeedAsync("alice", "a1");
        await SeedAsync("bob", "b1");
        var prefix = _tag;
        await using var db = await OpenAsync("alice");

        using (var bypass = db.BeginTenantBypass("support ticket 42: move b1 to alice"))
        {
            bypass.Reason.Should().Be("support ticket 42: move b1 to alice");
            var all = await db.Workspaces.Where(w => w.Name.StartsWith(prefix)).OrderBy(w => w.Name).ToListAsync();
            all.Select(w => w.Name).Should().Equal(Name("a1"), Name("b1"));
            all[1].TenantId = "tenant-alice";
            db.Add(new Workspace { Name = Name("c1"), TenantId = "tenant-carol" });
            await db.SaveChangesAsync();
            (await db.Workspaces.IgnoreQueryFilters().Where(w => w.Name == Name("c1"))
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Name, Name("c1-renamed")))).Should().Be(1);
        }

        (await db.Workspaces.Where(w => w.Name.StartsWith(prefix)).Select(w => w.Name).ToListAsync()).Should().BeEquivalentTo([Name("a1"), Name("b1")]);
        (await TenantsAsync<Workspace>(w => w.Name)).Should().Equal(new Dictionary<string, string?>
        {
            [Name("a1")] = "tenant-alice",
            [Name("b1")] = "tenant-alice",
            [Name("c1-renamed")] = "tenant-carol",
        });
    }

    [Fact]
    public async Task Under_a_bypass_with_no_tenant_known_an_insert_keeps_an_explicit_TenantId_and_one_without_is_refused()
    {
        await using var db = await OpenAsync(null);
        using var bypass = db.BeginTenantBypass("test: an administrator's import for a tenant");
        db.CurrentTenantId().Should().BeNull();
        db.Add(new Workspace { Name = Name("imported"), TenantId = "tenant-carol" });
        await db.SaveChangesAsync();

        db.Add(new Workspace { Name = Name("nobodys") });
        var save = () => db.SaveChangesAsync();

        (await save.Should().ThrowAsync<InvalidOperationException>()).WithMessage("Cannot insert 'Workspace': it is multi-tenant and no tenant is known*");
        var opened = () => db.BeginTenantBypass("a second one");
        opened.Should().Throw<InvalidOperationException>().WithMessage("A tenant bypass is already open on this context*");
        db.ChangeTracker.Clear();
        (await TenantsAsync<Workspace>(w => w.Name)).Should().Equal(new Dictionary<string, string?> { [Name("imported")] = "tenant-carol" });
    }

    [Fact]
    public async Task A_derived_type_of_a_multi_tenant_root_is_stamped_and_filtered()
    {
        await SaveAsAsync("bob", new ImageAsset { Name = Name("bob-image"), Width = 1 });

        await using var db = await OpenAsync("alice");
        db.AddRange(new ImageAsset { Name = Name("image"), Width = 2 }, new Asset { Name = Name("asset") });
        await db.SaveChangesAsync();
        var prefix = _tag;

        (await db.Images.Where(i => i.Name.StartsWith(prefix)).Select(i => i.Name).ToListAsync()).Should().Equal(Name("image"));
        (await db.Assets.Where(i => i.Name.StartsWith(prefix)).Select(i => i.Name).ToListAsync()).Should().BeEquivalentTo([Name("image"), Name("asset")]);
        (await TenantsAsync<Asset>(a => a.Name)).Should().Equal(new Dictionary<string, string?>
        {
            [Name("bob-image")] = "tenant-bob",
            [Name("image")] = "tenant-alice",
            [Name("asset")] = "tenant-alice",
        });
    }

    [Fact]
    public async Task Temporal_history_keeps_the_tenant_of_each_version_and_as_of_queries_are_filtered_by_tenant()
    {
        await SaveAsAsync("bob", new Prompt { Name = Name("bobs") });

        await using var db = await OpenAsync("alice");
        var prompt = new Prompt { Name = Name("v1") };
        db.Add(prompt);
        await db.SaveChangesAsync();
        prompt.Name = Name("v2");
        await db.SaveChangesAsync();
        var prefix = _tag;

        var versions = await db.Prompts.TemporalAll().Where(p => p.Name.StartsWith(prefix))
            .Select(p => new { p.Name, Tenant = EF.Property<string>(p, "TenantId") }).ToListAsync();
        versions.Should().BeEquivalentTo([new { Name = Name("v1"), Tenant = "tenant-alice" }, new { Name = Name("v2"), Tenant = "tenant-alice" }]);
    }

    [Fact]
    public async Task New_revisions_and_new_records_keep_the_tenant_of_the_row_they_replace()
    {
        await using (var db = await OpenAsync("alice"))
        {
            var contract = new Contract { Name = Name("c1") };
            var listing = new Listing { Name = Name("l1") };
            db.AddRange(contract, listing);
            await db.SaveChangesAsync();
            contract.Name = Name("c2");
            listing.Name = Name("l2");
            await db.SaveChangesAsync();
            db.RemoveRange(contract, listing);
            await db.SaveChangesAsync();
        }

        await using (var bob = await OpenAsync("bob"))
        {
            var prefix = _tag;
            (await bob.Contracts.IgnoreQueryFilters([VersioningQueryFilters.AuditTrail, VersioningQueryFilters.SoftDelete])
                .CountAsync(c => c.Name.StartsWith(prefix))).Should().Be(0, "no revision of alice's is bob's");
        }

        (await TenantsAsync<Contract>(c => c.Name)).Should().Equal(
            new Dictionary<string, string?> { [Name("c1")] = "tenant-alice", [Name("c2")] = "tenant-alice" });
        (await TenantsAsync<Listing>(l => l.Name)).Should().Equal(
            new Dictionary<string, string?> { [Name("l1")] = "tenant-alice", [Name("l2")] = "tenant-alice" });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public async Task A_rolled_back_save_retried_and_a_save_accepted_later_stamp_every_row_once(int rows)
    {
        await using var db = await OpenAsync("alice");
        for (var i = 0; i < rows; i++)
        {
            db.Add(new Prompt { Name = Name("r" + i) });
        }

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);
            await transaction.RollbackAsync();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false);
            await transaction.CommitAsync();
        }

        db.ChangeTracker.AcceptAllChanges();
        foreach (var prompt in db.Prompts.Local)
        {
            prompt.Name += "-x";
        }

        await db.SaveChangesAsync();

        var tenants = await TenantsAsync<Prompt>(p => p.Name);
        tenants.Should().HaveCount(rows).And.OnlyContain(t => t.Key.EndsWith("-x") && t.Value == "tenant-alice");
        await using var check = await OpenAsync("alice");
        (await check.Prompts.TemporalAll().CountAsync(p => p.Name.StartsWith(_tag))).Should().Be(2 * rows, "each row's first and second version, once");
    }

    [Fact]
    public async Task An_execution_strategys_retry_of_a_failed_save_stamps_and_logs_every_row_once()
    {
        var failure = new FailFirstAttempt();
        await using var services = ActorServices.Build(s => s.AddDbContext<TenancyDb>(o => Store.UseProvider(o)
            .ReplaceService<IExecutionStrategyFactory, RetryingStrategyFactory>().AddInterceptors(failure)));
        await using (var scope = services.CreateScope("alice"))
        {
            var db = scope.ServiceProvider.GetRequiredService<TenancyDb>();
            await Store.EnsureTablesAsync(db);
            db.AddRange(Enumerable.Range(0, 10).Select(i => new Prompt { Name = Name("retried" + i) }));
            failure.Armed = true;
            await db.SaveChangesAsync();
        }

        failure.Failed.Should().BeTrue("the first attempt must have failed");
        (await TenantsAsync<Prompt>(p => p.Name)).Should().HaveCount(10).And.OnlyContain(t => t.Value == "tenant-alice");
        await using var check = await OpenAsync("alice");
        var prefix = _tag;
        var ids = await check.Prompts.Where(p => p.Name.StartsWith(prefix)).Select(p => p.Id.ToString()).ToListAsync();
        (await check.ActivityLog().Where(a => a.EntityType == nameof(Prompt) && a.Action == "CREATE" && ids.Contains(a.EntityId))
            .Select(a => a.TenantId).ToListAsync()).Should().HaveCount(10).And.OnlyContain(t => t == "tenant-alice");
    }

    [Theory]
    [InlineData("AddDbContext")]
    [InlineData("AddDbContextPool")]
    [InlineData("AddDbContextFactory")]
    [InlineData("AddPooledDbContextFactory")]
    public async Task Each_registration_stamps_and_isolates_the_tenant_of_the_saving_scope(string registration)
    {
        await using var services = ActorServices.Build(s => ContextRegistrations.Add<TenancyDb>(s, registration, o => Store.UseProvider(o)));
        var prefix = _tag;
        foreach (var actor in new[] { "alice", "bob" })
        {
            await using var scope = services.CreateScope(actor);
            await ContextRegistrations.UseAsync<TenancyDb>(scope, registration, async db =>
            {
                await Store.EnsureTablesAsync(db);
                db.Add(new Workspace { Name = Name(actor) });
                await db.SaveChangesAsync();
            });
        }

        foreach (var actor in new[] { "alice", "bob" })
        {
            await using var scope = services.CreateScope(actor);
            await ContextRegistrations.UseAsync<TenancyDb>(scope, registration, async db =>
                (await db.Workspaces.Where(w => w.Name.StartsWith(prefix)).Select(w => w.Name).ToListAsync()).Should().Equal(Name(actor)));
        }

        (await TenantsAsync<Workspace>(w => w.Name)).Should().Equal(
            new Dictionary<string, string?> { [Name("alice")] = "tenant-alice", [Name("bob")] = "tenant-bob" });
    }
}

public sealed class TenancySqliteTest(SqliteTestStore store) : TenancySpec(store), IClassFixture<SqliteTestStore>;

public sealed class TenancyPostgreSqlTest(PostgresTestStore store) : TenancySpec(store), IClassFixture<PostgresTestStore>
{
    [Fact]
    public async Task The_relay_delivers_the_events_of_every_tenant_though_the_outbox_is_filtered_by_tenant()
    {
        var delivered = new System.Collections.Concurrent.ConcurrentBag<ChangeEvent>();
        await using var services = ActorServices.Build(s => s.AddDbContext<TenancyDb>(o => Store.UseProvider(o)).AddLogging()
            .AddVersioningOutboxRelay<TenancyDb>(_ => { }).AddHandler(_ => new Recording(delivered)));
        var names = new Dictionary<string, string>();
        foreach (var actor in new[] { "alice", "bob" })
        {
            await using var scope = services.CreateScope(actor);
            var db = scope.ServiceProvider.GetRequiredService<TenancyDb>();
            await Store.EnsureTablesAsync(db);
            var invoice = new Invoice { Name = Guid.NewGuid().ToString("N") };
            db.Add(invoice);
            await db.SaveChangesAsync();
            names[invoice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = actor;
        }

        while (await services.GetRequiredService<ChangeEventRelay<TenancyDb>>().RelayAsync() > 0)
        {
        }

        delivered.Where(e => names.ContainsKey(e.StreamId) && e.StreamType == nameof(Invoice)).Select(e => e.TenantId)
            .Should().BeEquivalentTo(["tenant-alice", "tenant-bob"]);
    }

    private sealed class Recording(System.Collections.Concurrent.ConcurrentBag<ChangeEvent> delivered) : IChangeEventHandler
    {
        public Task HandleAsync(ChangeEvent changeEvent, CancellationToken cancellationToken)
        {
            delivered.Add(changeEvent);
            return Task.CompletedTask;
        }
    }
}
