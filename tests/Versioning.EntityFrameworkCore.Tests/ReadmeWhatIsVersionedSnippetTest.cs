using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>
/// The README's "What is versioned" snippet (a complex property of a temporal, logged entity), verbatim where it is code
/// a user would write, compiled and run here so that the README cannot drift from the API. Keep the two in sync.
/// </summary>
public sealed class ReadmeWhatIsVersionedSnippetTest : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public ReadmeWhatIsVersionedSnippetTest() => _connection.Open();

    [Fact]
    public async Task The_complex_property_snippet_works_as_written()
    {
        var services = new ServiceCollection();
        services.AddDbContext<CustomersDb>(o => o.UseSqlite(_connection).UseVersioning());
        services.AddVersioning();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomersDb>();
        await db.Database.EnsureCreatedAsync();
        var customer = new Customer { Name = "Ada", Home = new Address { City = "Paris", Street = "Rue 1" } };
        db.Add(customer);
        await db.SaveChangesAsync();
        var id = customer.Id;
        await Task.Delay(5);
        var lastWeek = DateTime.UtcNow;
        await Task.Delay(5);
        customer.Home.City = "Lyon";
        await db.SaveChangesAsync();

        // Changing only customer.Home.City is a new version of the customer, logged as the field "Home.City":
        var then = await db.Customers.TemporalAsOf(lastWeek).SingleAsync(c => c.Id == id);   // then.Home.City: the old city

        then.Home.City.Should().Be("Paris");
        (await db.ActivityLog().SingleAsync(a => a.Action == "UPDATE")).ChangedField.Should().Be("Home.City");
    }

    public void Dispose() => _connection.Dispose();

    public sealed class Address
    {
        public string City { get; set; } = "";

        public string Street { get; set; } = "";
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public Address Home { get; set; } = new();          // a value object: City, Street, a nested Geo...
    }

    public sealed class CustomersDb(DbContextOptions<CustomersDb> options) : DbContext(options)
    {
        public DbSet<Customer> Customers => Set<Customer>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Customer>(customer =>
            {
                customer.HasTemporalHistory().HasActivityLog();
                customer.ComplexProperty(c => c.Home);             // its columns are versioned with the customer
            });
    }
}
