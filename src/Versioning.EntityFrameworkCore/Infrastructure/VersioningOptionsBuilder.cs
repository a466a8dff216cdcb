using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Versioning.EntityFrameworkCore.Infrastructure.Internal;

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

    private VersioningOptionsBuilder WithOption(Func<VersioningOptionsExtension, VersioningOptionsExtension> with)
    {
        var extension = _optionsBuilder.Options.FindExtension<VersioningOptionsExtension>() ?? new VersioningOptionsExtension();
        ((IDbContextOptionsBuilderInfrastructure)_optionsBuilder).AddOrUpdateExtension(with(extension));
        return this;
    }
}
