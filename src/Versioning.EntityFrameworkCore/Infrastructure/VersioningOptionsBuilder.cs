using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Versioning.EntityFrameworkCore.Infrastructure;

/// <summary>
/// Options of Versioning for one context, passed to <c>UseVersioning(v =&gt; ...)</c>.
/// </summary>
public sealed class VersioningOptionsBuilder
{
    private readonly DbContextOptionsBuilder _optionsBuilder;

    internal VersioningOptionsBuilder(DbContextOptionsBuilder optionsBuilder)
        => _optionsBuilder = optionsBuilder;

    /// <summary>
    /// Makes every SaveChanges that writes a versioned entity fail with a clear error when no actor is known
    /// (no change scope actor, no <see cref="IActorAccessor"/>, or an accessor that returns <see langword="null"/>).
    /// By default a missing actor is recorded as <see langword="null"/>.
    /// </summary>
    /// <param name="required"><see langword="false"/> to allow saves without an actor again.</param>
    /// <returns>The same builder, for chaining.</returns>
    public VersioningOptionsBuilder RequireActor(bool required = true)
        => WithOption(e => e.WithRequireActor(required));

    /// <summary>
    /// Whether the commands of temporal queries (<c>TemporalAsOf</c> and the others) are prepared on their connection, so
    /// that the database parses and plans their two-table query once per connection instead of on every execution (on
    /// PostgreSQL that made an as-of point lookup cost about what a primary-key lookup does). On by default; switch it
    /// off behind a connection pooler that cannot keep prepared statements (pgbouncer in transaction mode before 1.21),
    /// or when Npgsql's automatic preparation (<c>Max Auto Prepare</c>) is on already: both together measured slower.
    /// </summary>
    /// <param name="prepare">Whether to prepare them.</param>
    /// <returns>The same builder, for chaining.</returns>
    public VersioningOptionsBuilder PrepareTemporalQueries(bool prepare = true)
        => WithOption(e => e.WithPrepareTemporalQueries(prepare));

    /// <summary>
    /// Whether the one statement that writes a one-entity save together with its history or log rows (or that retires
    /// an audit revision and inserts the next one) is prepared on its connection, on PostgreSQL. Such a statement costs
    /// PostgreSQL more to parse and plan than to run (unprepared, that was most of what a one-row activity-log
    /// save cost over plain EF). At most 256 different statements are prepared per EF service provider, so that a model
    /// with many entity types and column combinations cannot fill each connection with prepared statements; statements
    /// beyond that run unprepared. On by default; switch it off behind a connection pooler that cannot keep prepared
    /// statements (pgbouncer in transaction mode before 1.21), or when Npgsql's automatic preparation
    /// (<c>Max Auto Prepare</c>) is on already.
    /// </summary>
    /// <param name="prepare">Whether to prepare them.</param>
    /// <returns>The same builder, for chaining.</returns>
    public VersioningOptionsBuilder PrepareSaveStatements(bool prepare = true)
        => WithOption(e => e.WithPrepareSaveStatements(prepare));

    private VersioningOptionsBuilder WithOption(Func<VersioningOptionsExtension, VersioningOptionsExtension> with)
    {
        var extension = _optionsBuilder.Options.FindExtension<VersioningOptionsExtension>() ?? new VersioningOptionsExtension();
        ((IDbContextOptionsBuilderInfrastructure)_optionsBuilder).AddOrUpdateExtension(with(extension));
        return this;
    }
}
