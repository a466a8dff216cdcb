using Microsoft.EntityFrameworkCore;
using Versioning.Sample.Infrastructure;

namespace Versioning.Sample.Scenarios.BackOffice;

/// <summary>
/// Seed 'strategies-guide': a back-office contract is drafted, repriced and signed (each change a revision, each logged
/// under the contract's family with the revision it made), every signed contract is indexed by one <c>ExecuteUpdate</c>
/// (on PostgreSQL a new revision of each, with its log rows, in the statement itself), then an order is changed and read
/// back as it was before, with the lines it had then (an as-of object graph).
/// </summary>
internal sealed class BackOfficeScenario : IScenario
{
    public string Name => "Back office: a contract's revisions and activities, an order as it was";

    public async Task RunAsync(SampleHost host)
    {
        var familyId = await DraftAsync(host);
        host.Clock.Advance(TimeSpan.FromDays(1));
        await EditAsync(host, familyId, "bob", "reprices it to 1,150.00", c => c.Amount = 1150m);
        host.Clock.Advance(TimeSpan.FromDays(1));
        await EditAsync(host, familyId, "carol", "records the client's signature", c => c.Status = "signed");
        host.Clock.Advance(TimeSpan.FromDays(1));
        await IndexSignedContractsAsync(host, familyId);
        await PrintLogAsync(host, familyId);

        host.Clock.Advance(TimeSpan.FromDays(1));
        var (orderId, before) = await OrderAsync(host);
        await PrintOrderAsOfAsync(host, orderId, before);
    }

    private static async Task<int> DraftAsync(SampleHost host)
    {
        host.Step("alice", "drafts contract C-1001 for 1,000.00");
        var contract = new Contract { Number = "C-1001", Amount = 1000m };
        await host.RunAsAsync("alice", async db =>
        {
            db.Add(contract);
            await db.SaveChangesAsync();
        });
        host.Note($"revision 1 has id {contract.Id}: the family's id, under which the log keeps every revision's activity");
        return contract.Id;
    }

    private static async Task EditAsync(SampleHost host, int familyId, string actor, string change, Action<Contract> edit)
    {
        host.Step(actor, change);
        await host.RunAsAsync(actor, async db =>
        {
            var current = (await db.Set<Contract>().CurrentRevisionAsync(familyId))!;
            edit(current);
            await db.SaveChangesAsync();
            host.Note($"revision {db.Entry(current).Versioning().Revision} (id {current.Id})");
        });
    }

    private static async Task IndexSignedContractsAsync(SampleHost host, int familyId)
    {
        host.Step("frank", "indexes every signed contract by 3% with one ExecuteUpdate (no contract loaded)");
        await host.RunAsAsync("frank", async db =>
        {
            try
            {
                var revised = await db.Set<Contract>().Where(c => c.Status == "signed")
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Amount, c => Math.Round(c.Amount * 1.03m, 2)));
                var current = (await db.Set<Contract>().CurrentRevisionAsync(familyId))!;
                host.Note($"{revised} contract(s) got a new revision in the statement itself: C-1001 is at revision "
                    + $"{db.Entry(current).Versioning().Revision} (id {current.Id}), amount {current.Amount:N2}");
            }
            catch (InvalidOperationException e)
            {
                host.Note($"refused: {e.Message}");
            }
        });
    }

    private static async Task PrintLogAsync(SampleHost host, int familyId)
    {
        host.Step("auditor", "reads the contract's activity (ActivityLog().For<Contract>(familyId))");
        var table = await host.ReadAsync(async db =>
        {
            var printer = new TablePrinter(["action", "field", "old", "new", "actor", "details"]);
            foreach (var entry in (await db.ActivityLog().For<Contract>(familyId).ToListAsync()).OrderBy(e => e.Timestamp).ThenBy(e => e.ChangedField))
            {
                printer.AddRow(entry.Action, entry.ChangedField, entry.OldValue, entry.NewValue, entry.ActorId, entry.Details);
            }

            return printer;
        });
        host.Note("one family, every revision: each row says which revision its change made");
        host.Print(table);
    }

    private static async Task<(int OrderId, DateTime Before)> OrderAsync(SampleHost host)
    {
        host.Step("dave", "enters order O-77: 2 shoes, 1 hat");
        var order = new SalesOrder
        {
            Number = "O-77",
            Lines = [new SalesOrderLine { Product = "shoe", Quantity = 2 }, new SalesOrderLine { Product = "hat", Quantity = 1 }],
        };
        await host.RunAsAsync("dave", async db =>
        {
            db.Add(order);
            await db.SaveChangesAsync();
        });
        var before = host.Clock.GetUtcNow().UtcDateTime;

        host.Clock.Advance(TimeSpan.FromHours(2));
        host.Step("erin", "changes it: 3 shoes, no hat, 1 sock");
        await host.RunAsAsync("erin", async db =>
        {
            var current = await db.Set<SalesOrder>().Include(o => o.Lines).SingleAsync(o => o.Id == order.Id);
            current.Lines.Single(l => l.Product == "shoe").Quantity = 3;
            db.Remove(current.Lines.Single(l => l.Product == "hat"));
            current.Lines.Add(new SalesOrderLine { Product = "sock", Quantity = 1 });
            await db.SaveChangesAsync();
        });
        return (order.Id, before);
    }

    private static async Task PrintOrderAsOfAsync(SampleHost host, int orderId, DateTime before)
    {
        foreach (var (label, at) in new[] { ("as entered", before), ("now", host.Clock.GetUtcNow().UtcDateTime) })
        {
            host.Step("auditor", $"reads the order {label} (TemporalAsOf(t).Include(o => o.Lines))");
            var table = await host.ReadAsync(async db =>
            {
                var order = await db.Set<SalesOrder>().TemporalAsOf(at).Include(o => o.Lines).SingleAsync(o => o.Id == orderId);
                var printer = new TablePrinter(["order", "product", "quantity"]);
                foreach (var line in order.Lines.OrderBy(l => l.Product))
                {
                    printer.AddRow(order.Number, line.Product, line.Quantity);
                }

                return printer;
            });
            host.Print(table);
        }

        host.Note("the lines as of each time: the hat deleted since is there, the sock added later is not");
    }
}
