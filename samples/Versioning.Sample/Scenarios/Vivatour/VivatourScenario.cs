using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore;
using Versioning.Sample.Infrastructure;

namespace Versioning.Sample.Scenarios.Vivatour;

/// <summary>
/// Seed 'sync-queue-change-tracking' (Vivatour): a booking's changes go into the outbox with their before and after
/// values; the relay delivers them to a partner whose endpoint fails twice (each failure recorded, retried after an
/// exponential backoff) and then succeeds, and the queue's status is shown after each round. On SQLite the events are
/// written the same way, but the relay needs PostgreSQL.
/// </summary>
internal sealed class VivatourScenario : IScenario
{
    public string Name => "Vivatour: a sync queue of change events, relayed with retries";

    public async Task RunAsync(SampleHost host)
    {
        var booking = new Booking { Guest = "M. Rossi", Tour = "Dolomites 5 days", Seats = 2 };
        host.Step("alice", "books 2 seats, then changes it to 3 (events: Created, Updated)");
        await host.RunAsAsync("alice", async db =>
        {
            db.Add(booking);
            await db.SaveChangesAsync();
            booking.Seats = 3;
            await db.SaveChangesAsync();
        });
        await PrintQueueAsync(host, booking);

        if (!host.IsPostgreSql)
        {
            host.Note("the relay (FOR UPDATE SKIP LOCKED, LISTEN/NOTIFY) needs PostgreSQL: run the sample with --postgres to see it deliver");
            return;
        }

        var relay = host.Services.GetRequiredService<ChangeEventRelay<SampleDbContext>>();
        var partner = host.Services.GetRequiredService<PartnerSyncHandler>();
        for (var round = 1; round <= 3; round++)
        {
            host.Step("relay", $"round {round}: delivers what is due");
            var claimed = await relay.RelayAsync();
            host.Note($"claimed {claimed} event(s); the partner has received: {(partner.Received.Count == 0 ? "nothing" : string.Join(", ", partner.Received))}");
            await PrintQueueAsync(host, booking);
            host.Clock.Advance(TimeSpan.FromMinutes(round * 2));
        }
    }

    private static async Task PrintQueueAsync(SampleHost host, Booking booking)
    {
        var (events, counts) = await host.ReadAsync(async db => (await db.ChangeEventStream(booking).ToListAsync(), await db.GetChangeEventCountsAsync()));
        var table = new TablePrinter(["version", "kind", "before", "after", "status", "attempts", "next attempt", "last error"]);
        foreach (var e in events)
        {
            table.AddRow(e.StreamVersion, e.Kind, e.Before, e.After, e.Status, e.Attempts, $"{e.NextAttemptAt:HH:mm}", e.LastError);
        }

        host.Print(table);
        host.Note($"queue: {counts.Pending} pending, {counts.Delivered} delivered, {counts.Failed} failed");
    }
}
