using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.SoftDelete;

/// <summary>
/// What PostgreSQL itself enforces for soft-deletable entities (issue 3 item 4), proven with raw SQL that bypasses EF.
/// </summary>
public sealed class SoftDeletePostgreSqlInvariantsTest : IClassFixture<PostgresTestStore>, IDisposable
{
    private readonly PostgresTestStore _store;
    private readonly SpecContexts _contexts;

    public SoftDeletePostgreSqlInvariantsTest(PostgresTestStore store)
    {
        _store = store;
        _contexts = new SpecContexts(store, new FakeTimeProvider(DateTimeOffset.UtcNow), (services, options) => services
            .AddDbContext<SoftDeleteDb>(options)
            .AddDbContext<SnakeCaseSoftDeleteDb>(options));
    }

    [Fact]
    public async Task A_deleted_email_does_not_block_re_creating_it_but_a_second_active_duplicate_is_rejected()
    {
        await using var db = await _contexts.OpenAsync<SoftDeleteDb>("alice");
        var contact = new Contact { Name = "seed" };
        db.Add(contact);
        await db.SaveChangesAsync();
        var email = $"'dup-{Guid.NewGuid():N}@example.com'";
        string Insert() => $"""INSERT INTO "EmailAddresses" ("Label", "Email", "ContactId", "CreatedAt", "UpdatedAt") VALUES ('work', {email}, {contact.Id}, now(), now())""";

        await _store.ExecuteAsync(Insert());
        var duplicate = () => _store.ExecuteAsync(Insert());
        (await duplicate.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);

        await _store.ExecuteAsync($"""UPDATE "EmailAddresses" SET "IsDeleted" = true WHERE "Email" = {email}""");
        await _store.ExecuteAsync(Insert());
        await _store.ExecuteAsync($"""UPDATE "EmailAddresses" SET "IsDeleted" = true WHERE "Email" = {email} AND NOT "IsDeleted" """);
        await _store.ExecuteAsync(Insert());
        (await _store.ScalarAsync($"""SELECT COUNT(*) FROM "EmailAddresses" WHERE "Email" = {email}""")).Should().Be(3L);
        (await duplicate.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
    }

    [Fact]
    public async Task An_email_deleted_through_EF_can_be_added_again_through_EF()
    {
        await using var db = await _contexts.OpenAsync<SoftDeleteDb>("alice");
        var address = $"again-{Guid.NewGuid():N}@example.com";
        var contact = new Contact { Name = "again", EmailAddresses = [new() { Label = "work", Email = address }] };
        db.Add(contact);
        await db.SaveChangesAsync();

        db.Remove(contact.EmailAddresses[0]);
        await db.SaveChangesAsync();
        db.Add(new EmailAddress { Label = "work", Email = address, ContactId = contact.Id });
        await db.SaveChangesAsync();

        (await _store.ScalarAsync($"""SELECT COUNT(*) FROM "EmailAddresses" WHERE "Email" = '{address}'""")).Should().Be(2L);
    }

    [Fact]
    public async Task Unique_indexes_are_created_partial_and_purge_dates_are_indexed()
    {
        await using var db = await _contexts.OpenAsync<SoftDeleteDb>();

        (await IndexDefinitionAsync("IX_EmailAddresses_Email")).Should().Contain("UNIQUE").And.EndWith("""WHERE (NOT "IsDeleted")""");
        (await IndexDefinitionAsync("IX_Contacts_PurgeAt")).Should().EndWith("""WHERE ("PurgeAt" IS NOT NULL)""");
    }

    [Fact]
    public async Task The_create_script_that_migrations_and_EnsureCreated_share_has_the_partial_index()
    {
        await using var db = await _contexts.OpenAsync<SoftDeleteDb>();

        db.Database.GenerateCreateScript().Should().Contain("""CREATE UNIQUE INDEX "IX_EmailAddresses_Email" ON "EmailAddresses" ("Email") WHERE NOT "IsDeleted";""");
    }

    [Fact]
    public async Task Under_snake_case_the_filter_uses_the_final_column_name()
    {
        await using var db = await _contexts.OpenAsync<SnakeCaseSoftDeleteDb>("alice", o => o.UseSnakeCaseNamingConvention());
        var email = $"'snake-{Guid.NewGuid():N}@example.com'";

        (await IndexDefinitionAsync("ix_subscribers_email")).Should().EndWith("WHERE (NOT is_deleted)");
        (await IndexDefinitionAsync("ix_subscribers_purge_at")).Should().EndWith("WHERE (purge_at IS NOT NULL)");
        await _store.ExecuteAsync($"INSERT INTO subscribers (email, is_deleted) VALUES ({email}, true)");
        await _store.ExecuteAsync($"INSERT INTO subscribers (email) VALUES ({email})");
        var duplicate = () => _store.ExecuteAsync($"INSERT INTO subscribers (email) VALUES ({email})");
        (await duplicate.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
    }

    public void Dispose() => _contexts.Dispose();

    private async Task<string> IndexDefinitionAsync(string name)
        => (string)(await _store.ScalarAsync($"SELECT indexdef FROM pg_indexes WHERE indexname = '{name}'"))!;
}
