using Microsoft.EntityFrameworkCore;
using Versioning.Sample.Infrastructure;

namespace Versioning.Sample.Scenarios.PromptCraft;

/// <summary>
/// Seed 'temporal-event-tenant-migration' (PromptCraft): two tenants keep prompt templates; each sees and changes only
/// its own (the tenant is stamped on insert, a named query filter hides the others, a write to another tenant's row is
/// refused), every change is a version and an event carrying the tenant, and an administrator counts across tenants
/// through an explicit bypass.
/// </summary>
internal sealed class PromptCraftScenario : IScenario
{
    public string Name => "PromptCraft: tenant-isolated templates with versions and events";

    public async Task RunAsync(SampleHost host)
    {
        var welcome = new PromptTemplate { Name = "welcome", Body = "Hello {{name}}!" };
        host.Step("alice (tenant acme)", "writes the 'welcome' template, then reworks it");
        await host.RunAsAsync("alice", async db =>
        {
            using var tenant = db.BeginTenantScope("acme");
            db.Add(welcome);
            await db.SaveChangesAsync();
            host.Clock.Advance(TimeSpan.FromMinutes(10));
            welcome.Body = "Welcome aboard, {{name}}.";
            await db.SaveChangesAsync();
        });

        host.Step("bob (tenant globex)", "writes his own 'welcome', lists templates, then tries to change acme's by its id");
        await host.RunAsAsync("bob", async db =>
        {
            using var tenant = db.BeginTenantScope("globex");
            db.Add(new PromptTemplate { Name = "welcome", Body = "Hi {{name}}, from Globex." });
            await db.SaveChangesAsync();
            var visible = await db.Set<PromptTemplate>().OrderBy(t => t.Id).Select(t => t.Body).ToListAsync();
            host.Note($"bob sees {visible.Count} template(s): {string.Join(" | ", visible)}");
            host.Note($"acme's template by id: {(await db.Set<PromptTemplate>().FirstOrDefaultAsync(t => t.Id == welcome.Id) == null ? "not found" : "FOUND")}");
            try
            {
                db.Attach(new PromptTemplate { Id = welcome.Id, Name = "welcome", Body = "defaced" }).Property(t => t.Body).IsModified = true;
                await db.SaveChangesAsync();
                host.Note("the write went through (unexpected)");
            }
            catch (Exception e) when (e is InvalidOperationException or DbUpdateConcurrencyException)
            {
                host.Note($"refused ({e.GetType().Name}): nothing of acme's was changed");
            }
        });

        host.Step("alice (tenant acme)", "reads the template's versions and events");
        await host.RunAsAsync("alice", async db =>
        {
            using var tenant = db.BeginTenantScope("acme");
            var versions = await db.Set<PromptTemplate>().TemporalAll().Where(t => t.Id == welcome.Id).OrderBy(t => EF.Property<DateTime>(t, "ValidFrom")).Select(t => t.Body).ToListAsync();
            host.Note($"{versions.Count} versions: {string.Join(" -> ", versions)}");
            var table = new TablePrinter(["version", "kind", "tenant", "actor"]);
            foreach (var e in await db.ChangeEventStream(welcome).ToListAsync())
            {
                table.AddRow(e.StreamVersion, e.Kind, e.TenantId, e.ActorId);
            }

            host.Print(table);
        });

        host.Step("admin", "counts templates of every tenant through an explicit bypass (BeginTenantBypass)");
        await host.RunAsAsync("admin", async db =>
        {
            using var bypass = db.BeginTenantBypass("support ticket 4711");
            host.Note($"{await db.Set<PromptTemplate>().CountAsync()} templates across tenants");
        });
    }
}
