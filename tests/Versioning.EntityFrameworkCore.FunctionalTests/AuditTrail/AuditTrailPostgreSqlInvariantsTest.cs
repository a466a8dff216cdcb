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

    [Theory]
    [InlineData(1, false)]
    [InlineData(10, false)]
    [InlineData(1, true)]
    [InlineData(10, true)]
    public async Task A_duplicate_of_a_unique_value_fails_SaveChanges_as_a_DbUpdateException_not_the_commit(int rows, bool applicationTransaction)
    {
        var taken = "RN-" + Guid.NewGuid().ToString("N")[..8];
        await using (var seed = await _contexts.OpenAsync<AuditTrailDb>("alice"))
        {
            seed.LegalEntities.Add(new LegalEntity { Name = "First", RegistrationNumber = taken });
            await seed.SaveChangesAsync();
        }

        await using var db = await _contexts.OpenAsync<AuditTrailDb>("bob");
        var added = Enumerable.Range(0, rows)
            .Select(i => new LegalEntity { Name = "Second", RegistrationNumber = i == rows - 1 ? taken : taken + "-" + i })
            .ToList();
        db.LegalEntities.AddRange(added);
        await using var transaction = applicationTransaction ? await db.Database.BeginTransactionAsync() : null;

        var save = () => db.SaveChangesAsync();

        // The audit trail's unique constraints are checked at commit (so that a losing concurrent writer sees a
        // concurrency failure); a genuine duplicate must still fail the save itself, never the commit after it.
        var failure = (await save.Should().ThrowAsync<DbUpdateException>()).Which;
        failure.InnerException.Should().BeOfType<PostgresException>().Which.SqlState
            .Should().BeOneOf(PostgresErrorCodes.UniqueViolation, PostgresErrorCodes.ExclusionViolation);
        added.Should().OnlyContain(e => db.Entry(e).State == EntityState.Added, "nothing was accepted");
        if (transaction != null)
        {
            await transaction.RollbackAsync();
        }

        (await _store.ScalarAsync($"""SELECT count(*) FROM "LegalEntities" WHERE "RegistrationNumber" LIKE '{taken}%'"""))
            .Should().Be(1L, "only the first one");
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
