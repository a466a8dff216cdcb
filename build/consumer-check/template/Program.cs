// Consumer check: uses the packed Versioning packages the way an application would
// (package references only, SQLite provider) and checks that change stamps are written.
// Prints "consumer check: OK" and exits 0, or prints what failed and exits 1.
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Versioning;

var failures = new List<string>();
void Check(bool condition, string message)
{
    if (!condition) failures.Add(message);
}

try
{
    // An in-memory SQLite database lives as long as its connection stays open.
    using var connection = new SqliteConnection("Data Source=:memory:");
    connection.Open();
    var options = new DbContextOptionsBuilder<ConsumerDb>()
        .UseSqlite(connection)
        .UseVersioning()
        .Options;

    using (var db = new ConsumerDb(options))
    {
        db.Database.EnsureCreated();
        db.Channels.Add(new Channel { Name = "first" });
        db.SaveChanges();
    }

    DateTime? createdAt;
    using (var db = new ConsumerDb(options))
    {
        var channel = db.Channels.Single();
        var stamps = db.Entry(channel).Versioning();
        createdAt = stamps.CreatedAt;
        Check(createdAt is not null, "CreatedAt is null after insert");
        Check(stamps.UpdatedAt == createdAt, $"UpdatedAt ({stamps.UpdatedAt:O}) != CreatedAt ({createdAt:O}) after insert");
        if (createdAt is { } created)
        {
            // UTC-ish: not a local time, and close to the current UTC time.
            Check(created.Kind != DateTimeKind.Local, $"CreatedAt has Kind {created.Kind}, expected UTC");
            var skew = (DateTime.UtcNow - DateTime.SpecifyKind(created, DateTimeKind.Utc)).Duration();
            Check(skew < TimeSpan.FromMinutes(5), $"CreatedAt {created:O} is not close to UTC now {DateTime.UtcNow:O}");
        }
    }

    Thread.Sleep(20); // let the clock move so an update is distinguishable
    using (var db = new ConsumerDb(options))
    {
        var channel = db.Channels.Single();
        channel.Name = "renamed";
        db.SaveChanges();
    }

    using (var db = new ConsumerDb(options))
    {
        var channel = db.Channels.Single();
        Check(channel.Name == "renamed", $"Name is '{channel.Name}' after update");
        var stamps = db.Entry(channel).Versioning();
        Check(stamps.CreatedAt == createdAt, $"CreatedAt changed on update: {createdAt:O} -> {stamps.CreatedAt:O}");
        Check(stamps.UpdatedAt is not null, "UpdatedAt is null after update");
        Check(stamps.UpdatedAt >= stamps.CreatedAt, $"UpdatedAt ({stamps.UpdatedAt:O}) < CreatedAt ({stamps.CreatedAt:O}) after update");
    }
}
catch (Exception ex)
{
    failures.Add($"unexpected exception: {ex}");
}

if (failures.Count == 0)
{
    Console.WriteLine("consumer check: OK");
    return 0;
}

foreach (var failure in failures)
    Console.WriteLine($"consumer check: FAILED: {failure}");
return 1;

[ChangeStamps]
public class Channel
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public class ConsumerDb(DbContextOptions<ConsumerDb> options) : DbContext(options)
{
    public DbSet<Channel> Channels => Set<Channel>();
}
