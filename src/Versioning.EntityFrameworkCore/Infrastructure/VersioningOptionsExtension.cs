using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.Infrastructure;

/// <summary>
/// The immutable options of Versioning on a context. Its <see cref="ApplyServices"/> registers the convention set
/// plugin and the SaveChanges interceptor in EF's internal service provider, so users never add interceptors.
/// </summary>
public sealed class VersioningOptionsExtension : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    /// <summary>Creates the extension with default options.</summary>
    public VersioningOptionsExtension()
    {
    }

    private VersioningOptionsExtension(VersioningOptionsExtension copyFrom)
    {
        RequireActor = copyFrom.RequireActor;
        PrepareTemporalQueries = copyFrom.PrepareTemporalQueries;
        PrepareSaveStatements = copyFrom.PrepareSaveStatements;
    }

    /// <summary>Whether a save of versioned entities without a known actor fails.</summary>
    public bool RequireActor { get; private init; }

    /// <summary>Whether the commands of temporal queries are prepared on their connection (default: yes).</summary>
    public bool PrepareTemporalQueries { get; private init; } = true;

    /// <summary>
    /// Whether the one statement of a one-entity save that also writes its history or log rows, or retires an audit
    /// revision, is prepared on its connection (default: yes; used by providers that write such statements).
    /// </summary>
    public bool PrepareSaveStatements { get; private init; } = true;

    /// <inheritdoc />
    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    /// <summary>Returns a copy with <see cref="RequireActor"/> set.</summary>
    /// <param name="requireActor">The new value.</param>
    /// <returns>The copy.</returns>
    public VersioningOptionsExtension WithRequireActor(bool requireActor)
        => new(this) { RequireActor = requireActor };

    /// <summary>Returns a copy with <see cref="PrepareTemporalQueries"/> set.</summary>
    /// <param name="prepare">The new value.</param>
    /// <returns>The copy.</returns>
    public VersioningOptionsExtension WithPrepareTemporalQueries(bool prepare)
        => new(this) { PrepareTemporalQueries = prepare };

    /// <summary>Returns a copy with <see cref="PrepareSaveStatements"/> set.</summary>
    /// <param name="prepare">The new value.</param>
    /// <returns>The copy.</returns>
    public VersioningOptionsExtension WithPrepareSaveStatements(bool prepare)
        => new(this) { PrepareSaveStatements = prepare };

    /// <inheritdoc />
    public void ApplyServices(IServiceCollection services)
        => services.AddEntityFrameworkVersioning();

    /// <inheritdoc />
    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(VersioningOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new VersioningOptionsExtension Extension => (VersioningOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => Extension.RequireActor ? "using Versioning (actor required) " : "using Versioning ";

        // The options only change runtime behaviour read per save, never the services or the model, so every
        // configuration shares one internal service provider.
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other)
            => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
            debugInfo["Versioning:RequireActor"] = Extension.RequireActor ? "1" : "0";
            debugInfo["Versioning:PrepareTemporalQueries"] = Extension.PrepareTemporalQueries ? "1" : "0";
            debugInfo["Versioning:PrepareSaveStatements"] = Extension.PrepareSaveStatements ? "1" : "0";
        }
    }
}
