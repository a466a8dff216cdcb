using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.WebApi;

/// <summary>
/// The web sample (<c>samples/Versioning.WebApi</c>) run in-process on a PostgreSQL database of its own, created by its
/// migrations: the actor of each request comes from the request, and the history, as-of and activity endpoints read
/// back what the saves wrote.
/// </summary>
public sealed class WebApiSamplePostgreSqlTest : IAsyncLifetime
{
    private string _connectionString = "";
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("versioning_webapi");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Catalog", _connectionString));
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public async Task Each_request_records_its_user_and_the_history_as_of_and_activity_endpoints_read_it_back()
    {
        var client = _factory.CreateClient();

        var created = await SendAsync(client, HttpMethod.Post, "/products", "alice", new { name = "Trail shoe", price = 89.90m });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await Task.Delay(20);
        var beforeBob = DateTime.UtcNow;
        await Task.Delay(20);
        (await SendAsync(client, HttpMethod.Put, $"/products/{id}", "bob", new { name = "Trail shoe", price = 79.90m })).EnsureSuccessStatusCode();
        (await SendAsync(client, HttpMethod.Delete, $"/products/{id}", "carol")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var history = await client.GetFromJsonAsync<JsonElement[]>($"/products/{id}/history");
        history!.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("price").GetDecimal(), v.GetProperty("changedBy").GetString(), v.GetProperty("removedBy").GetString()))
            .Should().Equal((2, 79.90m, "bob", "carol"), (1, 89.90m, "alice", null));

        var asOf = await client.GetFromJsonAsync<JsonElement>($"/products/{id}/as-of?at={beforeBob:O}");
        asOf.GetProperty("price").GetDecimal().Should().Be(89.90m, "the price before bob's change, although the product is deleted");

        var activity = await client.GetFromJsonAsync<JsonElement[]>($"/products/{id}/activity");
        activity!.Select(a => (a.GetProperty("action").GetString(), a.GetProperty("actorId").GetString()))
            .Should().Equal(
                new (string?, string?)[] { ("CREATE", "alice"), ("CREATE", "alice"), ("PRICE_CHANGE", "bob"), ("DELETE", "carol") },
                "an insert writes a CREATE row per logged field (Name, Price)");
    }

    [Fact]
    public async Task A_bulk_price_change_writes_each_products_history_and_log_under_the_requests_user()
    {
        var client = _factory.CreateClient();
        var ids = new List<int>();
        foreach (var price in new[] { 10m, 20m, 500m })
        {
            var created = await SendAsync(client, HttpMethod.Post, "/products", "alice", new { name = "Sock " + price, price });
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
        }

        var repriced = await SendAsync(client, HttpMethod.Post, "/products/reprice", "dave", new { percent = 10m, upTo = 100m });
        (await repriced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetInt32().Should().BeGreaterThanOrEqualTo(2);

        var history = await client.GetFromJsonAsync<JsonElement[]>($"/products/{ids[1]}/history");
        history!.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("price").GetDecimal(), v.GetProperty("changedBy").GetString()))
            .Should().Equal((2, 22m, "dave"), (1, 20m, "alice"));
        var activity = await client.GetFromJsonAsync<JsonElement[]>($"/products/{ids[1]}/activity");
        activity!.Where(a => a.GetProperty("action").GetString() == "PRICE_CHANGE")
            .Select(a => (a.GetProperty("oldValue").GetString(), a.GetProperty("newValue").GetString(), a.GetProperty("actorId").GetString()))
            .Should().Equal(("20", "22", "dave"));
        (await client.GetFromJsonAsync<JsonElement[]>($"/products/{ids[2]}/history"))!.Should().ContainSingle("500 is above the limit");
    }

    [Fact]
    public async Task A_price_changed_by_hand_in_the_database_reaches_the_history_and_the_activity_log_under_the_actor_of_its_transaction()
    {
        var client = _factory.CreateClient();
        var created = await SendAsync(client, HttpMethod.Post, "/products", "alice", new { name = "Lamp", price = 30m });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await using (var connection = new Npgsql.NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                $"SET LOCAL versioning.actor = 'psql:ops'; UPDATE products SET price = 35 WHERE id = {id}", connection, transaction);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        var history = await client.GetFromJsonAsync<JsonElement[]>($"/products/{id}/history");
        history!.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("price").GetDecimal(), v.GetProperty("changedBy").GetString()))
            .Should().Equal((2, 35m, "psql:ops"), (1, 30m, "alice"));
        var activity = await client.GetFromJsonAsync<JsonElement[]>($"/products/{id}/activity");
        activity!.Where(a => a.GetProperty("action").GetString() == "PRICE_CHANGE")
            .Select(a => (a.GetProperty("oldValue").GetString(), a.GetProperty("newValue").GetString(), a.GetProperty("actorId").GetString()))
            .Should().Equal(("30", "35", "psql:ops"));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string uri, string user, object? body = null)
    {
        var request = new HttpRequestMessage(method, uri) { Content = body == null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-User", user);
        return client.SendAsync(request);
    }
}
