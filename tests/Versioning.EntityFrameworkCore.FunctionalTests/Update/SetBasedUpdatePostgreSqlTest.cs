using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Update;

/// <summary>
/// On PostgreSQL, the updates of many versioned rows of one table become one <c>UPDATE … FROM unnest(…)</c> in EF's
/// batch: per-row values and concurrency tokens included, every row checked, nothing written when one is
/// missing; and never where EF's ordering of its own statements matters (unique indexes checked immediately).
/// </summary>
public sealed class SetBasedUpdatePostgreSqlTest(PostgresTestStore store) : IClassFixture<PostgresTestStore>, IAsyncLifetime
{
    private const int Rows = 30;
    private readonly SaveCommandRecorder _commands = new();
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddDbContext<SetBasedDb>(o => store.UseProvider(o).AddInterceptors(_commands))
            .AddVersioning()
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await store.EnsureTablesAsync(scope.ServiceProvider.GetRequiredService<SetBasedDb>());
    }

    public async Task DisposeAsync()
    {
        if (_services != null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Updating_many_temporal_rows_with_different_values_and_versions_is_one_set_based_update_in_EFs_batch()
    {
        var ids = await NewDocumentsAsync();
        await using (var db = Open())
        {
            // A third of the rows are one version ahead, so the concurrency token differs from row to row.
            foreach (var document in await db.Documents.Where(d => ids.Contains(d.Id) && d.Id % 3 == 0).ToListAsync())
            {
                document.Title += " (edited)";
            }

            await db.SaveChangesAsync();
        }

        await using (var db = Open())
        {
            var documents = await db.Documents.Where(d => ids.Contains(d.Id)).ToListAsync();
            documents.ForEach(d => d.Body = $"body of {d.Id}");
            _commands.Clear();

            (await db.SaveChangesAsync()).Should().Be(Rows);

            var command = _commands.Saved.Should().ContainSingle("EF's batch carries the set-based statements").Subject;
            command.InTransaction.Should().BeTrue();
            command.Text.Should().Contain("AS versioning_t SET").And.Contain("FROM unnest(");
            db.ChangeTracker.Entries<Document>().Should().OnlyContain(e => e.State == EntityState.Unchanged);
            foreach (var document in documents)
            {
                db.Entry(document).Property<int>("Version").CurrentValue.Should().Be(document.Id % 3 == 0 ? 3 : 2);
            }

            _commands.Clear();
            (await db.SaveChangesAsync()).Should().Be(0, "the tracker holds the rows as saved");
            _commands.Saved.Should().BeEmpty();
        }

        var idList = string.Join(", ", ids);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"Documents\" WHERE \"Id\" IN ({idList}) AND \"Body\" = 'body of ' || \"Id\""))
            .Should().Be((long)Rows);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"Documents\" WHERE \"Id\" IN ({idList}) AND \"Version\" = CASE WHEN \"Id\" % 3 = 0 THEN 3 ELSE 2 END"))
            .Should().Be((long)Rows);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"DocumentHistory\" WHERE \"Id\" IN ({idList}) AND \"Body\" = 'draft'"))
            .Should().Be(Rows + (Rows / 3), "every replaced version is in the history once");
        (await store.ScalarAsync(
            $"SELECT COUNT(*) FROM \"ActivityLogs\" WHERE \"EntityType\" = 'Document' AND \"ChangedField\" = 'Body' AND \"NewValue\" = 'body of ' || \"EntityId\""))
            .Should().Be((long)Rows);
    }

    [Fact]
    public async Task A_set_based_update_of_a_row_changed_behind_the_contexts_back_fails_as_a_concurrency_failure_and_writes_nothing()
    {
        var ids = await NewDocumentsAsync();
        await using var db = Open();
        var documents = await db.Documents.Where(d => ids.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync();
        documents.ForEach(d => d.Body = "lost update");
        await store.ExecuteAsync($"UPDATE \"Documents\" SET \"Version\" = 7 WHERE \"Id\" = {ids[^1]}");

        var failure = await db.Invoking(d => d.SaveChangesAsync()).Should().ThrowAsync<DbUpdateConcurrencyException>();

        failure.Which.Entries.Should().HaveCount(Rows - 1, "the entries the set-based statement stood for");
        db.ChangeTracker.Entries<Document>().Should().OnlyContain(e => e.State == EntityState.Modified, "the application's state is put back");
        var idList = string.Join(", ", ids);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"Documents\" WHERE \"Id\" IN ({idList}) AND \"Body\" = 'lost update'")).Should().Be(0L);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"DocumentHistory\" WHERE \"Id\" IN ({idList})")).Should().Be(0L);

        db.Entry(documents[^1]).State = EntityState.Detached;
        (await db.SaveChangesAsync()).Should().Be(Rows - 1, "a retry writes the others once");
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"DocumentHistory\" WHERE \"Id\" IN ({idList})")).Should().Be(Rows - 1L);
    }

    [Fact]
    public async Task Retiring_many_audit_revisions_is_one_set_based_update_and_leaves_one_current_revision_per_family()
    {
        var ids = await NewLegalEntitiesAsync();
        await using (var db = Open())
        {
            var entities = await db.LegalEntities.Where(e => ids.Contains(e.Id)).OrderBy(e => e.Id).ToListAsync();
            entities.ForEach(e => e.Name += " Ltd");
            _commands.Clear();

            db.SaveChanges().Should().Be(Rows, "one per entity changed, as plain EF counts them (synchronously: keys are taken without async)");

            // The first keeps EF's own replacement; the others are inserted by one set-based statement under keys
            // taken from the table's sequence beforehand, and their instances are the new revisions, as saved.
            _commands.Saved.Should().ContainSingle().Which.Text.Should()
                .Contain("AS versioning_t SET \"IsCurrent\"").And.Contain("INSERT INTO \"LegalEntities\" (").And.Contain("unnest(");
            entities.Select(e => e.Id).Should().OnlyHaveUniqueItems().And.NotIntersectWith(ids);
            foreach (var entity in entities)
            {
                var entry = db.Entry(entity);
                entry.State.Should().Be(EntityState.Unchanged);
                entry.Property<int>("Revision").CurrentValue.Should().Be(2);
                ids.Should().Contain(entry.Property<int?>("RootId").OriginalValue!.Value);
                entry.Property<int>("AuditFamilyId").CurrentValue.Should().Be(entry.Property<int?>("RootId").CurrentValue);
            }

            var last = entities[^1];
            (await db.LegalEntities.AsNoTracking().SingleAsync(e => e.Id == last.Id)).Name.Should().Be(last.Name);
            (await db.LegalEntities.Revisions(last.Id).CountAsync()).Should().Be(2);
            _commands.Clear();
            (await db.SaveChangesAsync()).Should().Be(0, "the tracker holds the new revisions as saved");
            _commands.Saved.Should().BeEmpty();
        }

        var idList = string.Join(", ", ids);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"LegalEntities\" WHERE \"Id\" IN ({idList}) AND NOT \"IsCurrent\" AND \"Revision\" = 1"))
            .Should().Be((long)Rows);
        (await store.ScalarAsync(
            $"SELECT COUNT(*) FROM \"LegalEntities\" WHERE \"RootId\" IN ({idList}) AND \"IsCurrent\" AND \"Revision\" = 2 AND \"Name\" LIKE '% Ltd'"))
            .Should().Be((long)Rows);
    }

    [Fact]
    public async Task A_set_based_retirement_missing_a_current_revision_inserts_no_revision_and_fails_as_a_concurrency_failure()
    {
        var ids = await NewLegalEntitiesAsync();
        await using var db = Open();
        var entities = await db.LegalEntities.Where(e => ids.Contains(e.Id)).OrderBy(e => e.Id).ToListAsync();
        entities.ForEach(e => e.Name += " Inc");
        await store.ExecuteAsync($"UPDATE \"LegalEntities\" SET \"IsCurrent\" = false WHERE \"Id\" = {ids[^1]}");

        await db.Invoking(d => d.SaveChangesAsync()).Should().ThrowAsync<DbUpdateConcurrencyException>();

        var idList = string.Join(", ", ids);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"LegalEntities\" WHERE \"RootId\" IN ({idList})")).Should().Be(0L);
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"LegalEntities\" WHERE \"Id\" IN ({idList}) AND \"IsCurrent\"")).Should().Be(Rows - 1L);
        entities.Select(e => e.Id).Should().Equal(ids, "the application's instances are back under their keys");
    }

    [Fact]
    public async Task Rows_changing_a_uniquely_indexed_column_keep_EFs_own_ordered_statements()
    {
        await using var db = Open();
        var products = Enumerable.Range(1, 12).Select(i => new Product { Code = $"code {i:00}" }).ToList();
        db.AddRange(products);
        await db.SaveChangesAsync();

        // Each row takes the code the next one gives up: only EF's ordering of its per-row UPDATEs makes this valid.
        for (var i = 0; i < products.Count; i++)
        {
            products[i].Code = $"code {i + 2:00}";
        }

        _commands.Clear();
        (await db.SaveChangesAsync()).Should().Be(12);

        _commands.Saved.Should().NotContain(c => c.Text.Contains("versioning_t"));
        var idList = string.Join(", ", products.Select(p => p.Id));
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"Products\" WHERE \"Id\" IN ({idList}) AND \"UpdatedAt\" IS NOT NULL")).Should().Be(12L);
    }

    [Fact]
    public async Task Replacing_many_rows_under_a_unique_index_filtered_on_the_soft_delete_flag_keeps_EFs_own_statements()
    {
        await using var db = Open();
        var emails = Enumerable.Range(1, 12).Select(i => new ContactEmail { Address = $"{i}@example.com" }).ToList();
        db.AddRange(emails);
        await db.SaveChangesAsync();

        // The new rows reuse the addresses: each old row must be flagged deleted before its replacement is inserted.
        emails.ForEach(e => e.Label = "work");
        _commands.Clear();
        await db.SaveChangesAsync();

        _commands.Saved.Should().NotContain(c => c.Text.Contains("versioning_t"));
        (await store.ScalarAsync("SELECT COUNT(*) FROM \"ContactEmails\" WHERE \"IsDeleted\" AND \"Label\" IS NULL")).Should().Be(12L);
        (await store.ScalarAsync("SELECT COUNT(*) FROM \"ContactEmails\" WHERE NOT \"IsDeleted\" AND \"Label\" = 'work'")).Should().Be(12L);
    }

    [Fact]
    public async Task Rows_changing_a_complex_property_are_one_set_based_update_of_its_columns()
    {
        await using var db = Open();
        var sites = Enumerable.Range(1, 12).Select(i => new Site { Address = new SiteAddress { City = "Lyon" } }).ToList();
        db.AddRange(sites);
        await db.SaveChangesAsync();
        for (var i = 0; i < sites.Count; i++)
        {
            sites[i].Address.City = $"Nantes {i}";
        }

        _commands.Clear();

        (await db.SaveChangesAsync()).Should().Be(12);

        // EF's UPDATE of the first row, then one statement for the others; the complex property's column is written
        // from the entry like any other.
        _commands.Saved.Select(c => c.Text).Where(t => t.Contains("versioning_t")).Should().Equal(
            """
            UPDATE "Sites" SET "UpdatedAt" = @p0, "Address_City" = @p1
            WHERE "Id" = @p2;
            UPDATE "Sites" AS versioning_t SET "UpdatedAt" = @v2, "Address_City" = v.c1 FROM unnest(@v0, @v1) AS v(k, c1) WHERE versioning_t."Id" = v.k;

            """.ReplaceLineEndings("\n"));
        db.ChangeTracker.Entries().Should().OnlyContain(e => e.State == EntityState.Unchanged);
        var idList = string.Join(", ", sites.Select(s => s.Id));
        (await store.ScalarAsync($"SELECT COUNT(*) FROM \"Sites\" WHERE \"Id\" IN ({idList}) AND \"Address_City\" LIKE 'Nantes %'")).Should().Be(12L);
        var cities = await Open().Set<Site>().Where(s => sites.Select(x => x.Id).Contains(s.Id)).OrderBy(s => s.Id).Select(s => s.Address.City).ToListAsync();
        cities.Should().Equal(Enumerable.Range(0, 12).Select(i => $"Nantes {i}"));
    }

    private SetBasedDb Open() => _services!.CreateScope().ServiceProvider.GetRequiredService<SetBasedDb>();

    private async Task<List<int>> NewDocumentsAsync()
    {
        await using var db = Open();
        var documents = Enumerable.Range(0, Rows).Select(i => new Document { Title = $"document {i}", Body = "draft" }).ToList();
        db.AddRange(documents);
        await db.SaveChangesAsync();
        return [.. documents.Select(d => d.Id)];
    }

    private async Task<List<int>> NewLegalEntitiesAsync()
    {
        await using var db = Open();
        var entities = Enumerable.Range(0, Rows).Select(i => new LegalEntity { Name = $"entity {i}" }).ToList();
        db.AddRange(entities);
        await db.SaveChangesAsync();
        return [.. entities.Select(e => e.Id)];
    }

    public sealed class Document
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public string Body { get; set; } = "";
    }

    public sealed class LegalEntity
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class Product
    {
        public int Id { get; set; }

        public string Code { get; set; } = "";
    }

    public sealed class Site
    {
        public int Id { get; set; }

        public SiteAddress Address { get; set; } = new();
    }

    public sealed class SiteAddress
    {
        public string City { get; set; } = "";
    }

    public sealed class ContactEmail
    {
        public int Id { get; set; }

        public string Address { get; set; } = "";

        public string? Label { get; set; }
    }

    public sealed class SetBasedDb(DbContextOptions<SetBasedDb> options) : DbContext(options)
    {
        public DbSet<Document> Documents => Set<Document>();

        public DbSet<LegalEntity> LegalEntities => Set<LegalEntity>();

        public DbSet<Product> Products => Set<Product>();

        public DbSet<ContactEmail> ContactEmails => Set<ContactEmail>();

        public DbSet<Site> Sites => Set<Site>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder
            .Entity<Document>(b => b.HasTemporalHistory(t => t.ToTable("DocumentHistory")).HasActivityLog())
            .Entity<LegalEntity>(b => b.HasAuditTrail())
            .Entity<Product>(b =>
            {
                b.HasChangeStamps();
                b.HasIndex(p => p.Code).IsUnique();
            })
            .Entity<ContactEmail>(b =>
            {
                b.HasSoftDelete(s => s.ReplaceOnUpdate());
                b.HasIndex(e => e.Address).IsUnique();
            })
            .Entity<Site>(b =>
            {
                b.HasChangeStamps();
                b.ComplexProperty(s => s.Address);
            });
    }
}
