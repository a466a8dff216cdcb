using Microsoft.EntityFrameworkCore;
using Versioning;
using Versioning.WebApi;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Catalog")
    ?? throw new InvalidOperationException("Set ConnectionStrings:Catalog (for example ConnectionStrings__Catalog) to a PostgreSQL database.");

builder.Services.AddHttpContextAccessor();
builder.Services.AddDbContext<CatalogDb>(o => o
    .UseNpgsql(connectionString, npgsql => npgsql.UseVersioning())
    .UseSnakeCaseNamingConvention());
builder.Services.AddVersioning(v => v.UseActorAccessor<ClaimsActorAccessor>());

var app = builder.Build();

// The migrations in Migrations/ create the tables, the history table and its exclusion constraint.
using (var scope = app.Services.CreateScope())
{
    await scope.ServiceProvider.GetRequiredService<CatalogDb>().Database.MigrateAsync();
}

var products = app.MapGroup("/products");

products.MapPost("/", async (ProductInput input, CatalogDb db) =>
{
    var product = new Product { Name = input.Name, Price = input.Price };
    db.Products.Add(product);
    await db.SaveChangesAsync();
    return Results.Created($"/products/{product.Id}", product);
});

products.MapPut("/{id:int}", async (int id, ProductInput input, CatalogDb db) =>
{
    if (await db.Products.FindAsync(id) is not { } product)
    {
        return Results.NotFound();
    }

    (product.Name, product.Price) = (input.Name, input.Price);
    await db.SaveChangesAsync();
    return Results.Ok(product);
});

products.MapDelete("/{id:int}", async (int id, CatalogDb db) =>
{
    if (await db.Products.FindAsync(id) is not { } product)
    {
        return Results.NotFound();
    }

    db.Products.Remove(product);
    await db.SaveChangesAsync();
    return Results.NoContent();
});

// A price change of every product up to a price, in one statement: no product is loaded, and on PostgreSQL the same
// statement writes each product's history row and PRICE_CHANGE log row under the request's user.
products.MapPost("/reprice", async (RepriceInput input, CatalogDb db) =>
    Results.Ok(new
    {
        Changed = await db.Products
            .Where(p => p.Price <= input.UpTo)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, p => Math.Round(p.Price * (1 + (input.Percent / 100m)), 2))),
    }));

// Every version, newest first, with who made it (ChangedBy), who deleted the product (RemovedBy, on its last version) and its period.
products.MapGet("/{id:int}/history", async (int id, CatalogDb db) =>
    (await db.Products.HistoryAsync([id]))
        .Select(v => new { v.Version, v.Entity.Name, v.Entity.Price, v.ValidFrom, v.ValidTo, v.ChangedBy, v.RemovedBy }));

// The product as it was at a time (UTC), also after it was deleted.
products.MapGet("/{id:int}/as-of", async (int id, DateTime at, CatalogDb db) =>
    await db.Products.TemporalAsOf(DateTime.SpecifyKind(at, DateTimeKind.Utc)).Where(p => p.Id == id).SingleOrDefaultAsync() is { } product
        ? Results.Ok(product)
        : Results.NotFound());

// The product's activity log: who did what, with old and new values.
products.MapGet("/{id:int}/activity", async (int id, CatalogDb db) =>
    await db.ActivityLog()
        .Where(a => a.EntityType == nameof(Product) && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .OrderBy(a => a.Timestamp)
        .Select(a => new { a.Action, a.ChangedField, a.OldValue, a.NewValue, a.ActorId, a.Timestamp })
        .ToListAsync());

app.Run();

/// <summary>What a client sends to create or change a product.</summary>
public sealed record ProductInput(string Name, decimal Price);

/// <summary>A price change in percent of every product whose price is at most <paramref name="UpTo"/>.</summary>
public sealed record RepriceInput(decimal Percent, decimal UpTo);

/// <summary>The application's entry point, public for <c>WebApplicationFactory</c>.</summary>
public partial class Program;
