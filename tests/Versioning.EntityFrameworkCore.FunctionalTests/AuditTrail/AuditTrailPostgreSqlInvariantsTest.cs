using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Versioning.EntityFrameworkCore.FunctionalTests.TestUtilities;

namespace Versioning.EntityFrameworkCore.FunctionalTests.AuditTrail;

/// <summary>
/// What PostgreSQL itself enforces for audit-trail entities (issue 5 item 4): one current revision per family and unique
/// revision numbers, proven with raw SQL that bypasses EF; and real concurrent writers, many rounds.
/// </summary>
public sealed class AuditTrailPostgreSqlInvariantsTest : IClassFixture<PostgresTestStore>, IDisposable
{
    private readonly PostgresTestStore _store;
    private readonly SpecContexts _contexts;

    public AuditTrailPostgreSqlInvariantsTest(PostgresTestStore store)
    {
        _store = store;
        _contexts = new SpecContexts(store, new FakeTimeProvider(DateTimeOffset.UtcNow), (services, options) => services
            .AddDbContext<AuditTrailDb>(options)
            .AddDbContext<SnakeCaseAuditTrailDb>(options));
    }

    [Fact]
    public async Task A_second_current_revision_in_a_family_is_rejected()
    {
        var rootId = await SaveLegalEntityAsync();
        var act = () => _store.ExecuteAsync(Insert(rootId, revision: 2, isCurrent: true));

        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.ExclusionViolation);
        await _store.ExecuteAsync(Insert(rootId, revision: 2, isCurrent: false));
        await _store.ExecuteAsync($"""UPDATE "LegalEntities" SET "IsDeleted" = true WHERE "Id" = {rootId}""");
        (await act.Should().ThrowAsync<PostgresException>("a deleted current revision is still the current one"))
            .Which.SqlState.Should().Be(PostgresErrorCodes.ExclusionViolation);
    }

    [Fact]
    public async Task A_revision_number_is_never_written_twice_in_a_family()
    {
        var rootId = await SaveLegalEntityAsync();
        await _store.ExecuteAsync(Insert(rootId, revision: 2, isCurrent: false));

        var duplicate = () => _store.ExecuteAsync(Insert(rootId, revision: 2, isCurrent: false));
        (await duplicate.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
        var duplicateFirst = () => _store.ExecuteAsync(Insert(rootId, revision: 1, isCurrent: false));
        (await duplicateFirst.Should().ThrowAsync<PostgresException>("revision 1 is the root row itself"))
            .Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
        (await _store.ScalarAsync($"""SELECT COUNT(*) FROM "LegalEntities" WHERE "AuditFamilyId" = {rootId}""")).Should().Be(2L);
    }

    [Fact]
    public async Task The_constraints_follow_snake_case_names()
    {
        await using var db = await _contexts.OpenAsync<SnakeCaseAuditTrailDb>("alice", o => o.UseSnakeCaseNamingConvention());
        var method = new PaymentMethod { Iban = "DE03" };
        db.Add(method);
        await db.SaveChangesAsync();

        var act = () => _store.ExecuteAsync(
            $"INSERT INTO payment_methods (iban, revision, is_current, root_id) VALUES ('x', 2, true, {method.Id})");
        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.ExclusionViolation);
        (await _store.ScalarAsync($"SELECT audit_family_id FROM payment_methods WHERE id = {method.Id}")).Should().Be(method.Id);
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_revision_one_wins_each_round_and_revisions_stay_gapless()
    {
        const int rounds = 25;
        const int writers = 4;
        var rootId = await SaveLegalEntityAsync();
        for (var round = 1; round <= rounds; round++)
        {
            var contexts = new List<AuditTrailDb>();
            var entities = new List<LegalEntity>();
            for (var w = 0; w < writers; w++)
            {
                var db = await _contexts.OpenAsync<AuditTrailDb>($"writer-{w}");
                contexts.Add(db);
                var current = (await db.LegalEntities.CurrentRevisionAsync(rootId))!;
                current.Name = $"round {round} writer {w}";
                entities.Add(current);
            }

            using var start = new SemaphoreSlim(0, writers);
            var saves = contexts.Select(async db =>
            {
                await start.WaitAsync();
                try
                {
                    await db.SaveChangesAsync();
                    return "saved";
                }
                catch (DbUpdateConcurrencyException)
                {
                    return "conflict";
                }
            }).ToList();
            start.Release(writers);
            var outcomes = await Task.WhenAll(saves);

            outcomes.Count(o => o == "saved").Should().Be(1, $"exactly one writer wins round {round}");
            outcomes.Count(o => o == "conflict").Should().Be(writers - 1);
            foreach (var db in contexts)
            {
                await db.DisposeAsync();
            }

            (await _store.ScalarAsync($"""SELECT COUNT(*) FROM "LegalEntities" WHERE "AuditFamilyId" = {rootId} AND "IsCurrent" """))
                .Should().Be(1L);
            (await _store.ScalarAsync(
                    $"""SELECT COUNT(*) = MAX("Revision") AND MIN("Revision") = 1 FROM "LegalEntities" WHERE "AuditFamilyId" = {rootId}"""))
                .Should().Be(true, "revision numbers stay gapless");
            (await _store.ScalarAsync($"""SELECT MAX("Revision") FROM "LegalEntities" WHERE "AuditFamilyId" = {rootId}""")).Should().Be(round + 1);
        }
    }

    public void Dispose() => _contexts.Dispose();

    private static string Insert(int rootId, int revision, bool isCurrent)
        => $"""
            INSERT INTO "LegalEntities" ("Name", "Label", "Revision", "IsCurrent", "RootId", "CreatedAt", "UpdatedAt")
            VALUES ('raw', 'raw', {revision}, {isCurrent}, {rootId}, now(), now())
            """;

    private async Task<int> SaveLegalEntityAsync()
    {
        await using var db = await _contexts.OpenAsync<AuditTrailDb>("alice");
        var entity = new LegalEntity { Name = "seed", Label = "organization" };
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity.Id;
    }
}
